//! An in-memory tantivy index with one writer and a reader reloaded after
//! every commit, keyed by an `id` field: what the vacancy and the worker
//! indexes share.
//!
//! Every method here blocks (commits, merges, reloads): a server calls them
//! from a blocking thread, never from an async one.

use std::sync::Mutex;

use tantivy::indexer::{LogMergePolicy, NoMergePolicy};
use tantivy::schema::{Field, Schema};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, Searcher, TantivyDocument, Term};

use crate::SearchError;

pub(crate) struct Handle {
    reader: IndexReader,
    writer: Mutex<IndexWriter>,
    id: Field,
}

impl Handle {
    /// An empty index of `schema`, whose documents are keyed by `id`. For a
    /// bulk load, the writer merges nothing by itself until
    /// [`Handle::compact`], so that merge never finds its segments taken.
    pub fn new(schema: Schema, id: Field, bulk_load: bool) -> Result<Handle, SearchError> {
        let index = Index::create_in_ram(schema);
        let writer: IndexWriter = index.writer_with_num_threads(1, 64_000_000)?;
        if bulk_load {
            writer.set_merge_policy(Box::new(NoMergePolicy));
        }
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(Handle {
            reader,
            writer: Mutex::new(writer),
            id,
        })
    }

    pub fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }

    /// Runs `change`, commits, and makes the change searchable.
    fn write(
        &self,
        change: impl FnOnce(&mut IndexWriter) -> Result<(), SearchError>,
    ) -> Result<(), SearchError> {
        let mut writer = self
            .writer
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        change(&mut writer)?;
        writer.commit()?;
        drop(writer);
        self.reader.reload()?;
        Ok(())
    }

    /// Adds or replaces documents by id.
    pub fn upsert(
        &self,
        documents: impl IntoIterator<Item = (i64, TantivyDocument)>,
    ) -> Result<(), SearchError> {
        self.write(|writer| {
            for (id, document) in documents {
                writer.delete_term(Term::from_field_i64(self.id, id));
                writer.add_document(document)?;
            }
            Ok(())
        })
    }

    pub fn remove(&self, ids: &[i64]) -> Result<(), SearchError> {
        self.write(|writer| {
            for id in ids {
                writer.delete_term(Term::from_field_i64(self.id, *id));
            }
            Ok(())
        })
    }

    pub fn clear(&self) -> Result<(), SearchError> {
        self.write(|writer| {
            writer.delete_all_documents()?;
            Ok(())
        })
    }

    /// Merges every segment into one, then lets the writer merge by its own
    /// policy again. After a bulk load nothing else merges, so the merge
    /// runs once. On an index that took changes one by one, the writer's
    /// policy may be merging some segments meanwhile: it is stopped first,
    /// and a merge that still finds its segments gone (one already under
    /// way) is tried again shortly on the segments there are then. This
    /// blocks: call it from a blocking thread.
    pub fn compact(&self) -> Result<(), SearchError> {
        let mut writer = self
            .writer
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        writer.set_merge_policy(Box::new(NoMergePolicy));
        let merged = Self::merge_all(&mut writer);
        writer.set_merge_policy(Box::new(LogMergePolicy::default()));
        merged?;
        drop(writer);
        self.reader.reload()?;
        Ok(())
    }

    fn merge_all(writer: &mut IndexWriter) -> Result<(), SearchError> {
        let mut attempt = 0;
        loop {
            let segments = writer.index().searchable_segment_ids()?;
            if segments.len() <= 1 {
                break;
            }
            match writer.merge(&segments).wait() {
                Ok(_) => break,
                Err(_) if attempt < 20 => {
                    attempt += 1;
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
                Err(error) => return Err(error.into()),
            }
        }
        Ok(())
    }

    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }
}
