import { tsImport } from 'tsx/esm/api';

// The one reader of the environment (lib/env.ts) runs here too, so a bad configuration fails
// `next build` and `next start` with the variable named, not a request later.
const { env } = await tsImport('./lib/env.ts', import.meta.url);
env();

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
    'tesseract.js',
    '@napi-rs/canvas',
    'image-size',
    'mammoth',
    'linkedom',
    '@node-rs/argon2',
  ],
  poweredByHeader: false,
  // The API streams multipart uploads itself; Next must not buffer or cap them.
  experimental: {},
  // The pages' Content-Security-Policy carries a per-request nonce, so proxy.ts sets it.
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'no-referrer' },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
        ],
      },
    ];
  },
};

export default nextConfig;
