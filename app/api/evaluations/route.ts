import { guardedRoute } from '@/lib/auth/http';
import { readUploadForm } from '@/lib/documents/upload';
import { badRequest } from '@/lib/errors';
import { createEvaluation, type EvaluationList, listEvaluationViews } from '@/lib/evaluate/evaluations';
import { startEvaluation } from '@/lib/evaluate/start';
import { MAX_SET_BYTES } from '@/lib/evaluate/question-set';
import { getDatabase } from '@/lib/runtime';
import { otherMethods } from '@/lib/http';

export const dynamic = 'force-dynamic';

/** Multipart `file` (a JSONL or CSV question set) and `collection` → 202 {"id"}; the run continues in the background. */
export const POST = guardedRoute('admin', async (request, viewer) => {
  const form = await readUploadForm(request, { maxFileBytes: MAX_SET_BYTES, maxFiles: 1 });
  const [file] = form.files;
  if (!file) throw badRequest('no_file', 'Attach the question set (JSONL or CSV) in a "file" field.');
  const { id } = await createEvaluation(await getDatabase(), viewer, file, form.fields.collection);
  startEvaluation();
  return Response.json({ id }, { status: 202 });
});

export const GET = guardedRoute('admin', async (_request, viewer) => {
  return Response.json({ evaluations: await listEvaluationViews(await getDatabase(), viewer) } satisfies EvaluationList);
});

export const { PUT, PATCH, DELETE } = otherMethods('GET', 'POST');
