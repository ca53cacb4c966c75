'use client';

import { useCallback, useState } from 'react';
import { CollectionSelect } from './collection-select';
import { AddFromUrl } from './documents/add-from-url';
import { CollectionSharing } from './documents/collection-sharing';
import { Invitations, SharedCollection } from './documents/shared-collection';
import { DocumentRow, UploadRow } from './documents/document-row';
import type { DocumentItem } from './documents/types';
import { UploadZone } from './documents/upload-zone';
import { useDocuments } from './documents/use-documents';
import { useUploads } from './documents/use-uploads';
import { collectionRef, useCollections } from './use-collections';

/** Upload (drop or pick, many at once), watch ingestion, filter by collection, delete and retry. */
export function DocumentManager() {
  const [filter, setFilter] = useState<string | null>(null);
  const [target, setTarget] = useState('default');
  const { collections, invitations, refresh: refreshCollections } = useCollections();
  const docs = useDocuments(filter);
  const { add } = docs;
  const onUploaded = useCallback(
    (doc: DocumentItem) => {
      add(doc);
      void refreshCollections();
    },
    [add, refreshCollections],
  );
  const { uploads, upload, dismiss } = useUploads(onUploaded);

  const remove = async (id: string) => {
    await docs.remove(id);
    void refreshCollections();
  };

  const list = docs.documents;
  const selected = filter ? collections?.find((c) => collectionRef(c) === filter) : undefined;
  const onMembershipChange = () => {
    void refreshCollections();
    void docs.refresh();
  };
  return (
    <div className="space-y-6">
      <Invitations invitations={invitations} onChange={onMembershipChange} />
      <UploadZone collection={target} collections={collections} onCollectionChange={setTarget} onFiles={(files) => upload(files, target.trim() || 'default')} />
      <AddFromUrl collection={target} onAdded={onUploaded} />
      <section aria-labelledby="library-heading" className="space-y-2">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="library-heading" className="text-base font-semibold">
            Library
          </h2>
          <CollectionSelect label="Show" value={filter} collections={collections} onChange={setFilter} allLabel="All collections" />
        </div>
        {selected?.owned && <CollectionSharing key={selected.id} collection={selected.name} />}
        {selected && !selected.owned && (
          <SharedCollection
            key={selected.id}
            collection={selected}
            onChange={() => {
              // The filter change reloads the list; a reload here would race it with the old filter.
              setFilter(null);
              void refreshCollections();
            }}
          />
        )}
        {docs.error && (
          <p role="alert" className="text-sm text-red-700 dark:text-red-400">
            {docs.error}
          </p>
        )}
        {list === null && uploads.length === 0 ? (
          <p className="py-6 text-sm text-zinc-500">Loading documents…</p>
        ) : list?.length === 0 && uploads.length === 0 ? (
          <p className="py-6 text-sm text-zinc-500">
            {filter ? `No documents in “${filter}”.` : 'No documents yet. Upload PDF, Word, PowerPoint, Excel, EPUB, HTML, Markdown, text or CSV files, scans and photos of pages, or add a web page by URL.'}
          </p>
        ) : (
          <ul className="divide-y divide-zinc-200 dark:divide-zinc-800">
            {uploads.map((u) => (
              <UploadRow key={u.key} upload={u} onDismiss={dismiss} />
            ))}
            {(list ?? []).map((doc) => (
              <DocumentRow key={doc.id} doc={doc} onDelete={remove} onRetry={docs.retry} onRefresh={docs.refetch} />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
