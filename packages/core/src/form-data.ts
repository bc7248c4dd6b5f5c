/** multipart/form-data bodies: a plain object becomes FormData; Blobs, Files and Node Buffers become file parts. */

/** FormData from a body object. Arrays repeat the field; `null`/`undefined` fields are left out; objects are sent as JSON. */
export function toFormData(body: unknown): FormData {
  if (body instanceof FormData) return body;
  const form = new FormData();
  if (typeof body !== 'object' || body === null) return form;
  const append = (key: string, value: unknown): void => {
    if (value === null || value === undefined) return;
    if (value instanceof Blob) form.append(key, value, (value as File).name ?? 'file');
    else if (value instanceof Uint8Array) form.append(key, new Blob([new Uint8Array(value)]), 'file');
    else if (typeof value === 'object') form.append(key, JSON.stringify(value));
    else form.append(key, String(value));
  };
  for (const [key, value] of Object.entries(body)) {
    if (Array.isArray(value)) value.forEach((item) => append(key, item));
    else append(key, value);
  }
  return form;
}
