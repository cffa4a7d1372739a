/**
 * Waftpay's `validation_hash`: the lowercase hex SHA-256 of `amount + client_reference +
 * payment_uuid + payment_id`, concatenated with no separator, the amount written as
 * `Number(n).toString()`. There is no secret in it.
 */
export async function validationHash(
  amount: number,
  clientReference: string,
  paymentUuid: string,
  paymentId: string | number,
): Promise<string> {
  const text = `${Number(amount).toString()}${clientReference}${paymentUuid}${String(paymentId)}`;
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * Compares a received text with the expected one in time that depends only on the expected
 * one's length: any input (any length, any characters) is compared, never thrown on.
 */
export function sameInConstantTime(received: string, expected: string): boolean {
  const left = new TextEncoder().encode(received);
  const right = new TextEncoder().encode(expected);
  let difference = left.length ^ right.length;
  for (let index = 0; index < right.length; index++) difference |= (left[index] ?? 0) ^ right[index];
  return difference === 0;
}
