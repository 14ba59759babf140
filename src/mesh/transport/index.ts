/**
 * `gomesh/transport`: the pluggable network under servers and clients (see transport.ts).
 *
 * @module gomesh/transport
 */
export type { Listener, OutgoingRequest, ServerHandler, Transport, ParsedUrl } from './transport.ts';
export { parseUrl, dialHost, HOP_BY_HOP } from './transport.ts';
export { nodeHttpTransport, type NodeHttpTransportOptions } from './node-http.ts';
export { memoryTransport, type MemoryTransport, type MemoryTransportOptions } from './memory.ts';
export { linkTransport, type LinkTransport, type LinkTransportOptions } from './link.ts';
export { getTransport, setTransport } from './current.ts';
