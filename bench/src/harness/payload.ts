/** Target size of a benchmark event or message: BENCH.md's "≈300-byte JSON". */
export const PAYLOAD_BYTES = 300;

/** A JSON payload of the kind agents record, whose `JSON.stringify` is about 300 bytes. */
export interface BenchPayload {
  [key: string]: string | number | string[];
  seq: number;
  runId: string;
  agent: string;
  step: string;
  tags: string[];
  note: string;
}

const FILLER = 'the agent summarised the ticket and proposed the next step for review ';

/** Builds the payload for sequence number `seq`, padded to {@link PAYLOAD_BYTES} bytes. */
export function makePayload(seq: number): BenchPayload {
  const payload: BenchPayload = {
    seq,
    runId: `run-${seq % 200}`,
    agent: 'triage-agent',
    step: `step-${seq}`,
    tags: ['bench', 'ticket', 'triage'],
    note: '',
  };
  const missing = PAYLOAD_BYTES - Buffer.byteLength(JSON.stringify(payload));
  payload.note = FILLER.repeat(Math.ceil(missing / FILLER.length) + 1).slice(
    0,
    Math.max(0, missing),
  );
  return payload;
}
