/**
 * Print the key table of docs/app.md from KEY_BINDINGS (src/ui/keymap.ts), so that the page's table and the
 * keymap have one source: `node --import tsx scripts/key-table.ts`, then paste it over the table.
 */
import { KEY_BINDINGS } from '../src/ui/keymap.ts';

const keyName = (k: string) => (k.length === 1 ? `\`${k}\`` : k === ' ' ? 'space' : k);
const rows = KEY_BINDINGS.map((b) => [b.keys.map(keyName).join(' or '), b.context, b.description]);
const head = ['Keys', 'Context', 'Action'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
console.log([line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n'));
