// The public surface of @margin/store: a change here is a change for the server and the CLI.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import * as store from './index.js';

it('exports exactly the public names of @margin/store', () => {
  assert.deepEqual(Object.keys(store).sort(), [
    'DEFAULT_SQLITE_PATH',
    'EVENT_FORMAT_V1',
    'JournalConflictError',
    'JournalMovedError',
    'JournalNotFoundError',
    'PostgresJournal',
    'SNAPSHOTS_KEPT',
    'SqliteJournal',
    'checkBatchShape',
    'eventFormatOf',
    'isPostgresUrl',
    'openJournal',
    'parsePostgresUrl',
    'toSeq',
  ]);
});
