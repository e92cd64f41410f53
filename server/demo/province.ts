// The demo province: Tỉnh Khánh Hòa after the merger of 1 July 2025 (old 56 Khánh Hòa + 58 Ninh
// Thuận, content/provinces-2025.csv). The former Ninh Thuận sits under Khánh Hòa with its own units,
// each valid until 30/6/2025 and linked to its successor, so that its history stays in the new
// province's shard and can be shown both as it was and under the new unit.
//
// Simplification, on purpose: the units of the old Khánh Hòa area carry no start date, so that two
// years of history exist for them; the units of the former Ninh Thuận area start on 1/7/2025.
// `quality` is the share of satisfied answers the generator aims at for the unit; `weight` is how
// many citizens a service point sees, relative to the others.

import type { AgencyKind } from '../db/schema.ts';

export const PROVINCE_CODE = 'KHA';
export const FORMER_PROVINCE_CODE = 'NTH';
export const MERGER_DAY = '2025-07-01';
const LAST_DAY_BEFORE_MERGER = '2025-06-30';

/** B.FIELD values a counter mostly serves; the generator draws the field of a visit from them. */
export type Field =
  'land' | 'environment' | 'construction' | 'transport' | 'business' | 'justice' | 'labour' | 'agriculture' | 'culture' | 'other';

export interface DemoServicePoint {
  code: string;
  nameVi: string;
  nameEn: string;
  weight: number;
  /** Added to the unit's quality: one counter of a centre can be better run than another. */
  offset?: number;
  fields?: Field[];
}

export interface DemoUnit {
  code: string;
  parent: string | null;
  nameVi: string;
  nameEn: string;
  kind: AgencyKind;
  validFrom: string | null;
  validTo: string | null;
  successor: string | null;
  quality: number;
  fields: Field[];
  servicePoints: DemoServicePoint[];
}

function oneStop(code: string, nameVi: string, nameEn: string, weight: number): DemoServicePoint[] {
  return [{ code: `${code}-MC`, nameVi: `Bộ phận Một cửa ${nameVi}`, nameEn: `One-stop counter, ${nameEn}`, weight }];
}

function department(code: string, nameVi: string, nameEn: string, quality: number, fields: Field[]): DemoUnit {
  return {
    code: `KHA-${code}`,
    parent: PROVINCE_CODE,
    nameVi,
    nameEn,
    kind: 'department',
    validFrom: null,
    validTo: null,
    successor: null,
    quality,
    fields,
    servicePoints: [
      {
        code: `KHA-${code}-MC`,
        nameVi: `Bộ phận tiếp nhận và trả kết quả — ${nameVi}`,
        nameEn: `Reception and results counter — ${nameEn}`,
        weight: 1,
      },
    ],
  };
}

function commune(code: string, nameVi: string, nameEn: string, quality: number, weight: number, validFrom: string | null = null): DemoUnit {
  return {
    code: `KHA-${code}`,
    parent: PROVINCE_CODE,
    nameVi,
    nameEn,
    kind: 'commune',
    validFrom,
    validTo: null,
    successor: null,
    quality,
    fields: ['justice', 'land', 'labour', 'business', 'construction', 'agriculture', 'other'],
    servicePoints: oneStop(`KHA-${code}`, nameVi, nameEn, weight),
  };
}

function formerDepartment(code: string, nameVi: string, nameEn: string, successor: string, quality: number, fields: Field[]): DemoUnit {
  return {
    code: `NTH-${code}`,
    parent: FORMER_PROVINCE_CODE,
    nameVi: `${nameVi} tỉnh Ninh Thuận`,
    nameEn: `${nameEn}, Ninh Thuận`,
    kind: 'department',
    validFrom: null,
    validTo: LAST_DAY_BEFORE_MERGER,
    successor,
    quality,
    fields,
    servicePoints: [
      {
        code: `NTH-${code}-MC`,
        nameVi: `Bộ phận tiếp nhận và trả kết quả — ${nameVi} tỉnh Ninh Thuận`,
        nameEn: `Reception and results counter — ${nameEn}, Ninh Thuận`,
        weight: 1,
      },
    ],
  };
}

function formerCommune(code: string, nameVi: string, nameEn: string, successor: string, quality: number, weight: number): DemoUnit {
  return {
    code: `NTH-${code}`,
    parent: FORMER_PROVINCE_CODE,
    nameVi,
    nameEn,
    kind: 'commune',
    validFrom: null,
    validTo: LAST_DAY_BEFORE_MERGER,
    successor,
    quality,
    fields: ['justice', 'land', 'labour', 'agriculture', 'other'],
    servicePoints: oneStop(`NTH-${code}`, nameVi, nameEn, weight),
  };
}

/** Parents before children, successors before the units they succeed. */
export const DEMO_UNITS: readonly DemoUnit[] = [
  {
    code: PROVINCE_CODE,
    parent: null,
    nameVi: 'Tỉnh Khánh Hòa',
    nameEn: 'Khánh Hòa Province',
    kind: 'province',
    validFrom: null,
    validTo: null,
    successor: null,
    quality: 0.84,
    fields: ['other'],
    servicePoints: [],
  },
  {
    code: 'KHA-TTPVHCC',
    parent: PROVINCE_CODE,
    nameVi: 'Trung tâm Phục vụ hành chính công tỉnh Khánh Hòa',
    nameEn: 'Khánh Hòa Public Administration Service Centre',
    kind: 'centre',
    validFrom: null,
    validTo: null,
    successor: null,
    quality: 0.88,
    fields: ['other'],
    servicePoints: [
      { code: 'KHA-TTPVHCC-Q01', nameVi: 'Quầy 1 — Đất đai', nameEn: 'Counter 1 — Land', weight: 3.4, offset: -0.06, fields: ['land'] },
      {
        code: 'KHA-TTPVHCC-Q02',
        nameVi: 'Quầy 2 — Đăng ký kinh doanh',
        nameEn: 'Counter 2 — Business registration',
        weight: 2.6,
        offset: 0.03,
        fields: ['business'],
      },
      {
        code: 'KHA-TTPVHCC-Q03',
        nameVi: 'Quầy 3 — Tư pháp, hộ tịch',
        nameEn: 'Counter 3 — Justice and civil status',
        weight: 2.8,
        offset: 0.04,
        fields: ['justice'],
      },
      {
        code: 'KHA-TTPVHCC-Q04',
        nameVi: 'Quầy 4 — Xây dựng, giao thông',
        nameEn: 'Counter 4 — Construction and transport',
        weight: 2.4,
        offset: -0.04,
        fields: ['construction', 'transport'],
      },
      {
        code: 'KHA-TTPVHCC-Q05',
        nameVi: 'Quầy 5 — Nội vụ, lao động, việc làm',
        nameEn: 'Counter 5 — Home affairs, labour and employment',
        weight: 1.8,
        offset: 0.02,
        fields: ['labour'],
      },
      {
        code: 'KHA-TTPVHCC-Q06',
        nameVi: 'Quầy 6 — Nông nghiệp và môi trường',
        nameEn: 'Counter 6 — Agriculture and environment',
        weight: 1.6,
        offset: -0.03,
        fields: ['agriculture', 'environment'],
      },
      {
        code: 'KHA-TTPVHCC-Q07',
        nameVi: 'Quầy 7 — Y tế, giáo dục, văn hóa',
        nameEn: 'Counter 7 — Health, education and culture',
        weight: 1.4,
        offset: 0.02,
        fields: ['culture', 'other'],
      },
      {
        code: 'KHA-TTPVHCC-Q08',
        nameVi: 'Quầy 8 — Trả kết quả',
        nameEn: 'Counter 8 — Results',
        weight: 2.0,
        offset: 0.01,
        fields: ['land', 'business', 'justice', 'construction'],
      },
    ],
  },
  {
    code: 'KHA-TTPVHCC-PR',
    parent: 'KHA-TTPVHCC',
    nameVi: 'Chi nhánh Trung tâm Phục vụ hành chính công tỉnh tại Phan Rang',
    nameEn: 'Public Administration Service Centre, Phan Rang branch',
    kind: 'branch',
    validFrom: MERGER_DAY,
    validTo: null,
    successor: null,
    quality: 0.83,
    fields: ['land', 'business', 'justice', 'construction', 'labour'],
    servicePoints: [
      {
        code: 'KHA-TTPVHCC-PR-Q01',
        nameVi: 'Quầy 1 — Đất đai, xây dựng',
        nameEn: 'Counter 1 — Land and construction',
        weight: 2.4,
        offset: -0.04,
        fields: ['land', 'construction'],
      },
      {
        code: 'KHA-TTPVHCC-PR-Q02',
        nameVi: 'Quầy 2 — Kinh doanh, tư pháp',
        nameEn: 'Counter 2 — Business and justice',
        weight: 2.0,
        offset: 0.03,
        fields: ['business', 'justice'],
      },
    ],
  },
  department('SNV', 'Sở Nội vụ', 'Department of Home Affairs', 0.87, ['labour', 'other']),
  department('STP', 'Sở Tư pháp', 'Department of Justice', 0.9, ['justice']),
  department('STC', 'Sở Tài chính', 'Department of Finance', 0.86, ['business']),
  department('SXD', 'Sở Xây dựng', 'Department of Construction', 0.76, ['construction', 'transport']),
  department('SNNMT', 'Sở Nông nghiệp và Môi trường', 'Department of Agriculture and Environment', 0.74, [
    'land',
    'environment',
    'agriculture',
  ]),
  department('SCT', 'Sở Công Thương', 'Department of Industry and Trade', 0.85, ['business', 'other']),
  department('SYT', 'Sở Y tế', 'Department of Health', 0.81, ['other']),
  department('SGDDT', 'Sở Giáo dục và Đào tạo', 'Department of Education and Training', 0.88, ['other']),
  department('SVHTTDL', 'Sở Văn hóa, Thể thao và Du lịch', 'Department of Culture, Sports and Tourism', 0.87, ['culture']),
  department('SKHCN', 'Sở Khoa học và Công nghệ', 'Department of Science and Technology', 0.91, ['other']),
  department('SDTTG', 'Sở Dân tộc và Tôn giáo', 'Department of Ethnic Minorities and Religion', 0.89, ['other']),
  department('BQLKKT', 'Ban Quản lý Khu kinh tế Vân Phong', 'Vân Phong Economic Zone Authority', 0.79, ['business', 'construction']),
  commune('P-NHATRANG', 'Phường Nha Trang', 'Nha Trang Ward', 0.87, 2.2),
  commune('P-BACNHATRANG', 'Phường Bắc Nha Trang', 'Bắc Nha Trang Ward', 0.84, 1.6),
  commune('P-NAMNHATRANG', 'Phường Nam Nha Trang', 'Nam Nha Trang Ward', 0.83, 1.5),
  commune('P-TAYNHATRANG', 'Phường Tây Nha Trang', 'Tây Nha Trang Ward', 0.8, 1.3),
  commune('P-CAMRANH', 'Phường Cam Ranh', 'Cam Ranh Ward', 0.82, 1.5),
  commune('P-BANGOI', 'Phường Ba Ngòi', 'Ba Ngòi Ward', 0.79, 1.0),
  commune('P-NINHHOA', 'Phường Ninh Hòa', 'Ninh Hòa Ward', 0.81, 1.3),
  commune('X-DIENKHANH', 'Xã Diên Khánh', 'Diên Khánh Commune', 0.85, 1.2),
  commune('X-CAMLAM', 'Xã Cam Lâm', 'Cam Lâm Commune', 0.78, 1.0),
  commune('X-VANNINH', 'Xã Vạn Ninh', 'Vạn Ninh Commune', 0.77, 0.9),
  commune('X-KHANHVINH', 'Xã Khánh Vĩnh', 'Khánh Vĩnh Commune', 0.74, 0.6),
  commune('X-KHANHSON', 'Xã Khánh Sơn', 'Khánh Sơn Commune', 0.75, 0.5),
  commune('P-PHANRANG', 'Phường Phan Rang', 'Phan Rang Ward', 0.84, 1.8, MERGER_DAY),
  commune('P-DONGHAI', 'Phường Đông Hải', 'Đông Hải Ward', 0.82, 1.0, MERGER_DAY),
  commune('X-NINHHAI', 'Xã Ninh Hải', 'Ninh Hải Commune', 0.8, 0.9, MERGER_DAY),
  commune('X-NINHPHUOC', 'Xã Ninh Phước', 'Ninh Phước Commune', 0.79, 0.9, MERGER_DAY),
  commune('X-NINHSON', 'Xã Ninh Sơn', 'Ninh Sơn Commune', 0.76, 0.7, MERGER_DAY),
  commune('X-THUANNAM', 'Xã Thuận Nam', 'Thuận Nam Commune', 0.78, 0.6, MERGER_DAY),
  {
    code: FORMER_PROVINCE_CODE,
    parent: PROVINCE_CODE,
    nameVi: 'Tỉnh Ninh Thuận',
    nameEn: 'Ninh Thuận Province',
    kind: 'province',
    validFrom: null,
    validTo: LAST_DAY_BEFORE_MERGER,
    successor: PROVINCE_CODE,
    quality: 0.81,
    fields: ['other'],
    servicePoints: [],
  },
  {
    code: 'NTH-TTPVHCC',
    parent: FORMER_PROVINCE_CODE,
    nameVi: 'Trung tâm Phục vụ hành chính công tỉnh Ninh Thuận',
    nameEn: 'Ninh Thuận Public Administration Service Centre',
    kind: 'centre',
    validFrom: null,
    validTo: LAST_DAY_BEFORE_MERGER,
    successor: 'KHA-TTPVHCC-PR',
    quality: 0.84,
    fields: ['other'],
    servicePoints: [
      {
        code: 'NTH-TTPVHCC-Q01',
        nameVi: 'Quầy 1 — Đất đai, xây dựng',
        nameEn: 'Counter 1 — Land and construction',
        weight: 2.2,
        offset: -0.05,
        fields: ['land', 'construction'],
      },
      {
        code: 'NTH-TTPVHCC-Q02',
        nameVi: 'Quầy 2 — Đăng ký kinh doanh, tư pháp',
        nameEn: 'Counter 2 — Business registration and justice',
        weight: 1.8,
        offset: 0.03,
        fields: ['business', 'justice'],
      },
      {
        code: 'NTH-TTPVHCC-Q03',
        nameVi: 'Quầy 3 — Lao động, y tế, giáo dục',
        nameEn: 'Counter 3 — Labour, health and education',
        weight: 1.4,
        offset: 0.02,
        fields: ['labour', 'other'],
      },
    ],
  },
  formerDepartment('SNV', 'Sở Nội vụ', 'Department of Home Affairs', 'KHA-SNV', 0.85, ['labour', 'other']),
  formerDepartment('STP', 'Sở Tư pháp', 'Department of Justice', 'KHA-STP', 0.86, ['justice']),
  formerDepartment('SXD', 'Sở Xây dựng', 'Department of Construction', 'KHA-SXD', 0.75, ['construction', 'transport']),
  formerCommune('P-PHUHA', 'Phường Phủ Hà', 'Phủ Hà Ward', 'KHA-P-PHANRANG', 0.83, 1.2),
  formerCommune('P-KINHDINH', 'Phường Kinh Dinh', 'Kinh Dinh Ward', 'KHA-P-PHANRANG', 0.81, 1.0),
  formerCommune('P-DONGHAI', 'Phường Đông Hải', 'Đông Hải Ward', 'KHA-P-DONGHAI', 0.8, 0.9),
  formerCommune('X-XUANHAI', 'Xã Xuân Hải', 'Xuân Hải Commune', 'KHA-X-NINHHAI', 0.78, 0.7),
  formerCommune('TT-PHUOCDAN', 'Thị trấn Phước Dân', 'Phước Dân Township', 'KHA-X-NINHPHUOC', 0.79, 0.8),
  formerCommune('TT-TANSON', 'Thị trấn Tân Sơn', 'Tân Sơn Township', 'KHA-X-NINHSON', 0.74, 0.6),
  formerCommune('X-PHUOCNAM', 'Xã Phước Nam', 'Phước Nam Commune', 'KHA-X-THUANNAM', 0.77, 0.5),
];
