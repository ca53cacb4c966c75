import type { Database } from '@/db';
import { listCollections } from '@/db/queries/collections';

export interface CollectionView {
  name: string;
  documentCount: number;
}

export async function listCollectionViews(db: Database): Promise<CollectionView[]> {
  return listCollections(db);
}
