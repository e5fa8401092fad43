/**
 * The one reading of an HTTP `Retry-After` (RFC 9110 §10.2.3: delay seconds or an HTTP date) for
 * every service we call: Microsoft Graph, the Bot Connector and the ITSM tool. Azure services may
 * also send `retry-after-ms` (milliseconds), which wins when it is readable.
 */

/** The delay in ms, or undefined when no header is there or it cannot be read. */
export function readRetryAfter(header: string | null | undefined, nowMs: number, msHeader?: string | null): number | undefined {
  const ms = msHeader?.trim();
  if (ms !== undefined && /^\d+(\.\d+)?$/.test(ms)) return Math.ceil(Number(ms));
  const value = header?.trim();
  if (value === undefined || value === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.ceil(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
