/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and WASM packages must be loaded by Node at run time, not bundled.
  serverExternalPackages: [
    'node-llama-cpp',
    '@huggingface/transformers',
    'onnxruntime-node',
    '@electric-sql/pglite',
    'pg',
    'pgvector',
    'unpdf',
    'mammoth',
    'linkedom',
  ],
  poweredByHeader: false,
  // The API streams multipart uploads itself; Next must not buffer or cap them.
  experimental: {},
};

export default nextConfig;
