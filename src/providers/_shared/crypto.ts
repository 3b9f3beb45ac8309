/** Hash and HMAC helpers shared by the signers; each signer cites its own vendor rules. */
import { createHash, createHmac, type BinaryLike } from 'node:crypto';

export const sha256Hex = (data: BinaryLike): string => createHash('sha256').update(data).digest('hex');
export const md5HexUpper = (data: BinaryLike): string => createHash('md5').update(data).digest('hex').toUpperCase();
export const hmacSha256 = (key: BinaryLike, data: string): Buffer =>
  createHmac('sha256', key).update(data, 'utf8').digest();
export const hmacSha256Hex = (key: BinaryLike, data: string): string => hmacSha256(key, data).toString('hex');
export const hmacSha1Base64 = (key: BinaryLike, data: string): string =>
  createHmac('sha1', key).update(data, 'utf8').digest('base64');

/**
 * RFC 3986 percent-encoding: only A–Z a–z 0–9 - _ . ~ stay literal, UTF-8, upper-case hex.
 * encodeURIComponent leaves ! ' ( ) * literal, so those are encoded here.
 */
export function rfc3986(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}
