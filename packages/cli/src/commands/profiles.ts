/** `margin profiles [NAME]`: the methodology profiles and their dated tier snapshots. */
import type { RegisterCommand } from './command.js';
import { InputError, PROFILES, findProfile, PROFILE_NAMES } from '@margin/core';
import { renderTable } from '../table.js';

export function profilesCommand(name: string | undefined, options: { json?: boolean }): string {
  if (name === undefined) {
    if (options.json === true) return `${JSON.stringify(PROFILES, null, 2)}\n`;
    const rows = PROFILES.map((profile) => [profile.name, profile.title, String(profile.tierSnapshots.length)]);
    return `${renderTable([{ title: 'profile', align: 'left' }, { title: 'title', align: 'left' }, { title: 'snapshots' }], rows)}\n`;
  }
  const profile = findProfile(name);
  if (profile === undefined) throw new InputError(['NAME'], `unknown profile "${name}" (known: ${PROFILE_NAMES.join(', ')})`);
  if (options.json === true) return `${JSON.stringify(profile, null, 2)}\n`;
  const lines = [
    `${profile.name}: ${profile.title}`,
    profile.description,
    '',
    `position value basis   ${profile.positionValueBasis}`,
    `initial margin         ${profile.initialMargin}`,
    `close fee in MM        ${profile.maintenanceCloseFee}`,
    `close fee in BP        ${profile.bankruptcyCloseFee ? 'yes' : 'no'}`,
    `price rounding         ${profile.priceRounding}`,
    `mark price means       ${profile.markPriceMeaning}`,
    '',
    'Sources:',
    ...profile.sources.map((source) => `  ${source}`),
  ];
  for (const snapshot of profile.tierSnapshots) {
    lines.push('', `Tier snapshot ${snapshot.symbol} as of ${snapshot.asOf}`, `  source: ${snapshot.source}`);
    const rows = snapshot.tiers.map((tier, i) => [String(i + 1), tier.notionalFloor, tier.maintenanceRate ?? '(derived)', tier.maintenanceAmount ?? '(derived)', tier.maxLeverage]);
    lines.push(renderTable([{ title: 'tier' }, { title: 'floor' }, { title: 'MMR' }, { title: 'amount' }, { title: 'max lev' }], rows));
  }
  return `${lines.join('\n')}\n`;
}

export const registerProfiles: RegisterCommand = (program, exit) => {
  program
    .command('profiles')
    .description('list methodology profiles, or show one with its tier snapshots')
    .argument('[name]', 'profile name')
    .option('--json', 'print JSON')
    .action((name: string | undefined, options: { json?: boolean }) => {
      process.stdout.write(profilesCommand(name, options));
      exit.code = 0;
    });
};
