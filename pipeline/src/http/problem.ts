/** An RFC 9457 `application/problem+json` response with a stable `code`. */
export function problem(status: number, code: string, detail: string, extra: Record<string, unknown> = {}): Response {
  return Response.json(
    {
      type: `https://streamlog.dev/problems/${code}`,
      title: code.replaceAll('_', ' '),
      status,
      code,
      detail,
      ...extra,
    },
    { status, headers: { 'content-type': 'application/problem+json' } },
  );
}
