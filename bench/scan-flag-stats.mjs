// Shared by the engine price benches: how much the float filter flags and what confirming costs.
// Wraps two ScanIndex methods in the bench process (not the engine code): `scanSymbols` records the pools
// the filter flagged and the CPU time at which the confirmation starts, `setLevel` records the
// pools whose exact margin-call level changed. A flagged pool "really crossed a level" when the
// exact confirmation changed its level or liquidated it (liquidationStarted for its owner); every
// other flagged pool is a false positive of the filter.

const cpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

// The wrappers go on the ScanIndex prototype, once per process, and report to the current stats:
// adding and deleting properties on the instance would turn it into a dictionary-mode object and
// slow every later scan (a bench artifact, not the engine's cost).
let current = null;
const installed = new WeakSet();
function install(scan) {
  const proto = Object.getPrototypeOf(scan);
  if (installed.has(proto)) return;
  installed.add(proto);
  const scanSymbols = proto.scanSymbols;
  const setLevel = proto.setLevel;
  proto.scanSymbols = function (rows) {
    const flagged = scanSymbols.call(this, rows);
    if (current !== null) {
      current.flagged = flagged;
      // Owners now: a liquidated pool may be gone by the end of the command.
      current.owners = flagged.map((pool) => {
        const owner = this.owner(pool);
        return `${owner.accountId}\u0000${owner.asset}\u0000${owner.positionKey ?? ''}`;
      });
      current.confirmStartMs = cpuMs();
    }
    return flagged;
  };
  proto.setLevel = function (pool, level) {
    if (current !== null && this.level(pool) !== level) current.changed.add(pool);
    setLevel.call(this, pool, level);
  };
}

export function flagStats(state) {
  install(state.scan);
  const probe = { flagged: [], owners: [], confirmStartMs: 0, changed: new Set() };
  current = probe;
  const totals = { updates: 0, touched: 0, flagged: 0, crossed: 0, movedBeforeReview: 0, confirmMs: 0, quietConfirmMs: 0, quietFlagged: 0 };
  return {
    /** Call before a price command: `touched` = the pools the scan will look at (holders). */
    before(touched) {
      probe.flagged = [];
      probe.owners = [];
      probe.changed.clear();
      totals.touched += touched;
    },
    /** Call right after the command with its events. */
    after(events) {
      const { flagged, owners, changed, confirmStartMs } = probe;
      const confirmMs = cpuMs() - confirmStartMs;
      const liquidated = new Set();
      for (const event of events) {
        if (event.type === 'liquidationStarted') liquidated.add(`${event.account}\u0000${event.asset}\u0000${event.positionKey ?? ''}`);
      }
      const crossed = flagged.filter((pool, i) => changed.has(pool) || liquidated.has(owners[i])).length;
      // False positives whose account a liquidation elsewhere deleveraged (ADL)
      // in the same command: flagged correctly at scan time, moved before its review.
      const moved = new Set(events.filter((event) => event.type === 'autoDeleveraged').map((event) => event.account));
      totals.movedBeforeReview += flagged.filter((pool, i) => !changed.has(pool) && !liquidated.has(owners[i]) && moved.has(owners[i].split('\u0000')[0])).length;
      totals.updates++;
      totals.flagged += flagged.length;
      totals.crossed += crossed;
      totals.confirmMs += confirmMs;
      // Confirmation alone: commands in which nothing was liquidated (no closes, no ADL).
      if (!events.some((event) => event.type === 'liquidationStarted')) {
        totals.quietConfirmMs += confirmMs;
        totals.quietFlagged += flagged.length;
      }
    },
    /** Add another recorder's totals to this one's (a total over several recorders). */
    absorb(other) {
      for (const key of Object.keys(totals)) totals[key] += other.totals[key];
    },
    totals,
    /** Stop recording (the wrappers stay, and pass through). */
    stop() {
      if (current === probe) current = null;
    },
    /** One line: flagged vs really crossed, false-positive rate, confirmation cost per pool. */
    summary() {
      const { touched, flagged: all, crossed, quietConfirmMs, quietFlagged } = totals;
      const falsePositives = all - crossed;
      const rate = all === 0 ? 0 : falsePositives / all;
      const perFlaggedUs = quietFlagged === 0 ? NaN : (quietConfirmMs * 1000) / quietFlagged;
      const perHolderUs = touched === 0 ? NaN : (totals.confirmMs * 1000) / touched;
      return (
        `filter: ${all} pools flagged of ${touched} scanned (${((100 * all) / Math.max(1, touched)).toFixed(2)}%), ${crossed} really crossed a level, ` +
        `${falsePositives} false positives (rate ${(100 * rate).toFixed(2)}% of flagged; ${totals.movedBeforeReview} of them deleveraged by ADL in the same command before their review); ` +
        `confirmation CPU ${Number.isNaN(perFlaggedUs) ? 'n/a' : perFlaggedUs.toFixed(2)} us per flagged pool (updates without liquidations), ` +
        `${perHolderUs.toFixed(3)} us per scanned pool (all updates, liquidations included)`
      );
    },
  };
}
