import { z } from 'zod';

export const metricInput = z.object({
  extensions: z
    .array(
      z.object({
        extension: z.string(),
        files: z.number().int().nonnegative(),
        lines: z.number().int().nonnegative(),
        bytes: z.number().int().nonnegative(),
      }),
    )
    .max(10_000),
});

export const metricOutput = z.object({
  averageLinesPerFile: z.number(),
  averageBytesPerFile: z.number(),
  largestExtensionByLines: z.string().nullable(),
  shareOfLinesByExtension: z.array(z.object({ extension: z.string(), share: z.number() })),
});

/**
 * Runs inside the isolate: plain JavaScript over a JSON copy of the input, no Node API. Rounded
 * to one decimal for averages and to a tenth of a percent for shares.
 */
export const metricCode = `
const rows = input.extensions;
const sum = (key) => rows.reduce((total, row) => total + row[key], 0);
const files = sum('files');
const lines = sum('lines');
const bytes = sum('bytes');
const round = (value, digits) => Math.round(value * 10 ** digits) / 10 ** digits;
const byLines = [...rows].sort((a, b) => b.lines - a.lines || a.extension.localeCompare(b.extension));
return {
  averageLinesPerFile: files === 0 ? 0 : round(lines / files, 1),
  averageBytesPerFile: files === 0 ? 0 : round(bytes / files, 1),
  largestExtensionByLines: byLines.length > 0 && byLines[0].lines > 0 ? byLines[0].extension : null,
  shareOfLinesByExtension: byLines
    .filter((row) => row.lines > 0)
    .map((row) => ({ extension: row.extension, share: round((100 * row.lines) / lines, 1) })),
};
`;
