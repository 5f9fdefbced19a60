/**
 * The type of the row that marks a deleted stream: one event-shaped row at the version after the
 * stream's last, left when its events are deleted. No appended event can have this type (event
 * types are dotted lower case), and every read skips it. Keeping it in `events`, under the unique
 * `(stream_id, version)` index, is what makes an append racing with a deletion collide with it.
 */
export const TOMBSTONE_TYPE = '$deleted';
