/**
 * `margin risk --json` of a components profile over several risk units (`units` in the file):
 * each unit's components report and the account sums (docs/portfolio-margin.md). Core builds it
 * (`portfolioAccountReport`); a test parses core's output strictly against this schema.
 */
import { z } from 'zod';
import { decimalText } from '../events/fields.js';
import { componentsReportJsonSchema } from './portfolio-json.js';

const accountLine = z.strictObject({ kind: z.string(), label: z.string(), amount: decimalText });

export const componentsAccountReportJsonSchema = z
  .strictObject({
    method: z.literal('components-account'),
    profile: z.string(),
    maintenance: decimalText,
    initial: decimalText,
    borrowMaintenance: decimalText,
    units: z.array(componentsReportJsonSchema).min(1),
    explain: z.strictObject({ maintenance: z.array(accountLine), initial: z.array(accountLine) }),
  })
  .meta({ description: 'components portfolio margin of several risk units: the units reports and their sums; explain lines (labels prefixed by the unit) sum exactly' });
