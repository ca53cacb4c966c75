import { guardedRoute } from '@/lib/auth/http';
import { env } from '@/lib/env';
import { unsupportedType } from '@/lib/errors';
import { readJson } from '@/lib/http';
import { downloadModel, readLibrary } from '@/lib/models/model-admin';
import { receiveGgufUpload } from '@/lib/models/upload-gguf';
import { getDatabase } from '@/lib/runtime';
import { downloadBody } from './schema';
import { otherMethods } from '@/lib/http';

export const dynamic = 'force-dynamic';

/** The model library: every GGUF in MODELS_DIR with its header facts and memory fit, and the adapters. Admin only. */
export const GET = guardedRoute('admin', async () => Response.json(await readLibrary(await getDatabase())));

/** Adds a model or adapter: JSON {"uri":"hf:…"} downloads one (202, progress in GET); a multipart `file` uploads one. */
export const POST = guardedRoute('admin', async (request) => {
  const type = request.headers.get('content-type')?.toLowerCase() ?? '';
  if (type.startsWith('application/json')) {
    const { uri } = await readJson(request, downloadBody);
    return Response.json({ download: downloadModel(uri) }, { status: 202 });
  }
  if (!type.startsWith('multipart/form-data')) {
    throw unsupportedType('Upload a .gguf as multipart/form-data in a "file" field, or send JSON {"uri":"hf:owner/repo/file.gguf"}.');
  }
  const stored = await receiveGgufUpload(request, env().MODELS_DIR, env().MAX_MODEL_UPLOAD_MB * 2 ** 20);
  const { facts } = stored;
  return Response.json(
    { kind: stored.kind, file: facts.file, architecture: facts.architecture, parameters: facts.parameters, quantization: facts.quantization, bytes: facts.bytes },
    { status: 201 },
  );
});

export const { PUT, PATCH, DELETE } = otherMethods('GET', 'POST');
