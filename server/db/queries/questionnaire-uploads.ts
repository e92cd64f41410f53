// Questionnaire definitions uploaded from the browser and waiting to be previewed, compared and
// published by their uploader (migration 0014). Kept a day at most.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../schema.ts';
import type { QuestionnaireDefinition } from '../../domain/questionnaire.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface QuestionnaireUpload {
  id: string;
  definition: QuestionnaireDefinition;
  uploadedAt: Date;
}

/** Keeps a checked definition for its uploader, and forgets anyone's uploads older than a day. */
export async function saveUpload(db: Db, id: string, definition: QuestionnaireDefinition, userId: number): Promise<void> {
  await db
    .deleteFrom('questionnaire_uploads')
    .where('uploaded_at', '<', new Date(Date.now() - 24 * 3600 * 1000))
    .execute();
  await db
    .insertInto('questionnaire_uploads')
    .values({ id, definition: JSON.stringify(definition), uploaded_by: userId })
    .execute();
}

/** An upload, only for the user who made it. */
export async function findUpload(db: Db, id: string, userId: number): Promise<QuestionnaireUpload | undefined> {
  const row = await db
    .selectFrom('questionnaire_uploads')
    .select(['id', 'definition', 'uploaded_at'])
    .where('id', '=', id)
    .where('uploaded_by', '=', userId)
    .executeTakeFirst();
  // Stored only after it was checked (server/use-cases/questionnaires.ts).
  return row && { id: row.id, definition: row.definition as QuestionnaireDefinition, uploadedAt: row.uploaded_at };
}

export async function deleteUpload(db: Db, id: string): Promise<void> {
  await db.deleteFrom('questionnaire_uploads').where('id', '=', id).execute();
}
