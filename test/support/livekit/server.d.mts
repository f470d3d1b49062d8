/** Types of server.mjs (the real LiveKit server for the tests and the benchmark). */
export declare const LIVEKIT_VERSION: string;
export declare function livekitBinary(): string;
export declare function freeTcpPort(): Promise<number>;
export declare function freeUdpPort(): Promise<number>;
export declare class RealLiveKit {
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly output: string[];
  port: number;
  readonly url: string;
  readonly env: Record<string, string>;
  readonly child?: import('node:child_process').ChildProcess;
  static start(options?: { webhookUrl?: string }): Promise<RealLiveKit>;
  static startOnce(options: { webhookUrl?: string }): Promise<RealLiveKit>;
  pause(): Promise<void>;
  resume(): void;
  logged(pattern: RegExp): string[];
  close(): Promise<void>;
}
