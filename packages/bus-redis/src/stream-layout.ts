/**
 * Where a bus keeps its messages in Redis. Every topic goes to one stream per bus
 * (`<prefix>:stream`), except topics whose first token is one of `partitions`, which get a stream of
 * their own (`<prefix>:stream:<token>`). A pattern reads the one stream its first token names, or
 * every stream of the bus when its first token is a wildcard. The set of streams is fixed by
 * configuration, so no registry is needed and a group exists on every stream it may ever read.
 */
export class StreamLayout {
  readonly defaultStream: string;
  readonly allStreams: readonly string[];
  private readonly partitionStreams: ReadonlyMap<string, string>;

  constructor(
    readonly prefix: string,
    partitions: readonly string[],
  ) {
    this.defaultStream = `${prefix}:stream`;
    this.partitionStreams = new Map(
      partitions.map((token) => [token, `${prefix}:stream:${token}`] as const),
    );
    this.allStreams = [this.defaultStream, ...this.partitionStreams.values()];
  }

  /** The stream a message on `topic` is appended to. */
  streamFor(topic: string): string {
    const dot = topic.indexOf('.');
    const first = dot === -1 ? topic : topic.slice(0, dot);
    return this.partitionStreams.get(first) ?? this.defaultStream;
  }

  /** The streams a subscription on `pattern` must read. */
  streamsFor(pattern: string): readonly string[] {
    const dot = pattern.indexOf('.');
    const first = dot === -1 ? pattern : pattern.slice(0, dot);
    if (first === '*' || first === '>') return this.allStreams;
    return [this.streamFor(first)];
  }

  /** The Redis consumer group of a bus group on a pattern: each (group, pattern) pair is one queue. */
  groupName(group: string, pattern: string): string {
    return `g:${group}:${pattern}`;
  }

  /** The private consumer group of one plain subscription. */
  plainGroupName(subscriptionId: string): string {
    return `p:${subscriptionId}`;
  }

  /** The key whose expiry marks a plain subscription's private group as abandoned. */
  livenessKey(subscriptionId: string): string {
    return `${this.prefix}:live:${subscriptionId}`;
  }

  /** The id of a plain subscription from its group name, or undefined for group subscriptions. */
  plainSubscriptionId(groupName: string): string | undefined {
    return groupName.startsWith('p:') ? groupName.slice(2) : undefined;
  }
}
