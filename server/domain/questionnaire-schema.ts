// The shape of a questionnaire definition, as administrators write it in JSON. Two styles exist:
// SIPAS style (elements of criteria, a satisfaction question per element, an overall question,
// background, expectations, a comment) and quick style (a flat list of questions, e.g. the one-tap
// counter rating). Objects are strict so that a misspelt field ("optinal") is an error, not silently
// ignored. Cross-references (scales, askWhen, duplicate codes) are checked in questionnaire-checks.ts.
import { z } from 'zod';

/** Questionnaire codes are stored in questionnaires.code; the database checks the same pattern. */
export const QUESTIONNAIRE_CODE = /^[a-z0-9][a-z0-9-]{0,63}$/;
/** Question and element codes key the answers of a response: E1, E1.1, E5.S, B.TYPE, Q.OVERALL. */
export const QUESTION_CODE = /^[A-Z][A-Z0-9_-]*(\.[A-Z0-9][A-Z0-9_-]*)*$/;
const SCALE_NAME = /^[a-z][A-Za-z0-9_-]{0,31}$/;
/** Option values that are text end up in stored answers and exports, so they stay plain. */
const OPTION_VALUE = /^[A-Za-z0-9][A-Za-z0-9+._-]{0,63}$/;

const vi = z.string().min(1, { error: 'Vietnamese text (vi) is empty' }).max(2000);
const en = z.string().min(1, { error: 'English text (en) is empty; leave the field out instead' }).max(2000).optional();
const questionCode = z
  .string()
  .max(32)
  .regex(QUESTION_CODE, { error: 'code must be capital letters and digits in dot-separated parts, like E1.1, E5.S or B.TYPE' });
const scaleRef = z.string().regex(SCALE_NAME, { error: 'scale name must start with a small letter, like satisfaction5' });

const BilingualSchema = z.strictObject({ vi, en });

const ScaleOptionSchema = z.strictObject({
  value: z.int({ error: 'a scale value must be a whole number' }).min(0).max(100),
  vi,
  en,
  face: z.enum(['very-sad', 'sad', 'neutral', 'happy', 'very-happy']).optional(),
});

const ScaleSchema = z.strictObject({
  options: z.array(ScaleOptionSchema).min(2, { error: 'a scale needs at least 2 options' }).max(11),
  satisfied: z.array(z.int()).min(1, { error: 'a scale needs at least one satisfied value' }),
  noOpinion: z.strictObject({ value: z.int().min(0).max(100), vi, en }).optional(),
});

const OptionValueSchema = z.union([z.int().min(0).max(1_000_000), z.string().regex(OPTION_VALUE)], {
  error: 'an option value is a whole number or a short word (letters, digits, + . _ -)',
});

const ChoiceOptionSchema = z.strictObject({ value: OptionValueSchema, vi, en });

const AskWhenSchema = z.strictObject({
  question: questionCode,
  in: z.array(OptionValueSchema).min(1, { error: 'askWhen.in needs at least one value' }),
});

const questionBase = {
  code: questionCode,
  vi,
  en,
  required: z.literal(true, { error: 'required is either true or left out' }).optional(),
  optional: z.literal(true, { error: 'optional is either true or left out' }).optional(),
  askWhen: AskWhenSchema.optional(),
  note: z.string().max(2000).optional(),
};

const choiceOptions = z.array(ChoiceOptionSchema).min(2, { error: 'a choice question needs at least 2 options' }).max(50);

const TextQuestionSchema = z.strictObject({ ...questionBase, type: z.literal('text'), maxLength: z.int().min(1).max(10_000) });

const QuestionSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ ...questionBase, type: z.literal('scale'), scale: scaleRef }),
    z.strictObject({ ...questionBase, type: z.literal('single'), options: choiceOptions }),
    z.strictObject({ ...questionBase, type: z.literal('multi'), options: choiceOptions, max: z.int().min(1).optional() }),
    TextQuestionSchema,
  ],
  { error: 'type must be one of scale, single, multi, text' },
);

/** A question rated on a scale, whose scale is named or, when the definition has one scale, implied. */
const RatedSchema = z.strictObject({ code: questionCode, vi, en, scale: scaleRef.optional(), note: z.string().max(2000).optional() });

const ApplicabilitySchema = z.strictObject({
  code: questionCode,
  vi,
  en,
  options: choiceOptions,
  /** The answers under which the element's criteria are asked; the first option when left out. */
  applicableWhen: z.array(OptionValueSchema).min(1).optional(),
  note: z.string().max(2000).optional(),
});

const ElementSchema = z.strictObject({
  code: questionCode,
  title: BilingualSchema,
  scale: scaleRef.optional(),
  applicability: ApplicabilitySchema.optional(),
  criteria: z.array(RatedSchema).min(1, { error: 'an element needs at least one criterion' }),
  satisfaction: RatedSchema,
});

const IndicesNoteSchema = z.record(z.string(), z.union([z.string(), z.array(z.string())]));

const common = {
  code: z.string().regex(QUESTIONNAIRE_CODE, { error: 'questionnaire code must be small letters, digits and dashes, like sipas-2017' }),
  version: z.int().min(1).optional(),
  title: BilingualSchema,
  source: z.string().max(5000).optional(),
  scales: z.record(scaleRef, ScaleSchema).refine((s) => Object.keys(s).length > 0, { error: 'define at least one scale' }),
  indices: IndicesNoteSchema.optional(),
};

export const SipasDefinitionSchema = z.strictObject({
  ...common,
  elements: z.array(ElementSchema).min(1, { error: 'a SIPAS-style questionnaire needs at least one element' }),
  overall: RatedSchema,
  background: z.array(QuestionSchema).optional(),
  expectations: QuestionSchema.optional(),
  comment: TextQuestionSchema.optional(),
});

export const QuickDefinitionSchema = z.strictObject({
  ...common,
  questions: z.array(QuestionSchema).min(1, { error: 'a questionnaire needs at least one question' }),
});

export type Bilingual = z.infer<typeof BilingualSchema>;
export type Scale = z.infer<typeof ScaleSchema>;
export type Question = z.infer<typeof QuestionSchema>;
export type Element = z.infer<typeof ElementSchema>;
export type SipasDefinition = z.infer<typeof SipasDefinitionSchema>;
export type QuickDefinition = z.infer<typeof QuickDefinitionSchema>;
export type QuestionnaireDefinition = SipasDefinition | QuickDefinition;
export type OptionValue = string | number;
