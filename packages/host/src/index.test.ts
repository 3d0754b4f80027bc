// The public surface of @margin/host: a change here is a change for the server and the CLI.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import * as host from './index.js';

it('exports exactly the public names of @margin/host', () => {
  assert.deepEqual(Object.keys(host).sort(), [
    'BATCH_DELAY_MS_DEFAULT',
    'BATCH_MAX_COMMANDS_DEFAULT',
    'DEFAULT_PROFILE',
    'DurableHost',
    'EVENT_FORMAT',
    'EventBus',
    'HostError',
    'ID_WINDOW_META_KEY',
    'INSTRUMENTS_META_KEY',
    'InstrumentCatalog',
    'PROFILE_META_KEY',
    'READABLE_EVENT_FORMATS',
    'REPLAY_PAGE_ENTRIES',
    'RecoveryError',
    'SNAPSHOT_EVERY_DEFAULT',
    'engineError',
    'journalError',
    'outcomeJson',
    'parseSubmitted',
    'recover',
    'recoverJournal',
    'replayEntry',
    'resolveEngineOptions',
    'resolveIdWindow',
    'resolveProfile',
  ]);
});
