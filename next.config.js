/**
 * Model output and document text are rendered in the page; if anything ever slipped past the
 * sanitiser, this policy still keeps it from loading outside resources (images included: a
 * markdown image to another host is how chat UIs leak data) or being framed. Next.js needs
 * inline scripts for its bootstrap, and `next dev` needs eval for fast refresh.
 */
const contentSecurityPolicy = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${process.env.NODE_ENV === 'development' ? " 'unsafe-eval'" : ''}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

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
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'Content-Security-Policy', value: contentSecurityPolicy },
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
