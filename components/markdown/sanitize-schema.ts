import { defaultSchema } from 'rehype-sanitize';

type Schema = typeof defaultSchema;

/**
 * GitHub's sanitising rules, narrowed: links only to http(s) and mailto, image sources only
 * http(s) (and images are never rendered as images anyway; see markdown.tsx), no data URLs,
 * no elements that can load or run anything.
 */
export const sanitizeSchema: Schema = {
  ...defaultSchema,
  tagNames: (defaultSchema.tagNames ?? []).filter((t) => !['picture', 'source', 'video', 'audio', 'iframe', 'object', 'embed'].includes(t)),
  // remark-rehype already prefixes the only ids markdown can make (footnotes) with `user-content-`;
  // clobbering them again would break footnote links without adding protection.
  clobber: [],
  protocols: {
    ...defaultSchema.protocols,
    href: ['http', 'https', 'mailto'],
    src: ['http', 'https'],
    cite: ['http', 'https'],
    longDesc: [],
  },
};
