/**
 * The addresses students can reach the server at: one URL per non-internal IPv4 address of the
 * machine (Wi-Fi, Ethernet; not loopback), in the order the system lists its interfaces.
 */
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';

export function lanAddresses(
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> = networkInterfaces(),
): { name: string; address: string }[] {
  const out: { name: string; address: string }[] = [];
  for (const [name, infos] of Object.entries(interfaces)) {
    for (const info of infos ?? []) {
      if (info.family === 'IPv4' && !info.internal) out.push({ name, address: info.address });
    }
  }
  return out;
}

/** The URL a student opens for `room` on `address:port`. */
export function joinUrl(address: string, port: number, roomCode: string): string {
  return `http://${address}:${port}/?room=${roomCode}`;
}
