export type CollectionContext = { params: Promise<{ name: string }> };

/** The {name} segment: a name, an id or `owner-email/name`; decoding once more is harmless if Next already did. */
export async function collectionParam({ params }: CollectionContext): Promise<string> {
  const { name } = await params;
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}
