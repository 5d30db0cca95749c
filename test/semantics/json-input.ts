/**
 * A JSON document written into a template as a string with tokens in it (what `ScheduleTargetInput.fromObject` and
 * `Stack.toJsonString` produce: `{"Fn::Join": ["", ["{\"Cluster\":\"", {"Fn::GetAtt": [...]}, "\",..."]]}`), parsed back
 * into its object with each token where it stood: a string that was one token becomes that intrinsic, a string that
 * mixes text and tokens becomes an `Fn::Join` of them. A plain string is parsed as it is; anything else is undefined.
 */
export function parseJsonInput(value: any): any {
  if (typeof value === 'string') {
    return JSON.parse(value);
  }
  const join = value?.['Fn::Join'];
  if (!Array.isArray(join) || join[0] !== '' || !Array.isArray(join[1])) {
    return undefined;
  }
  const tokens: any[] = [];
  const text = (join[1] as any[]).map((part) => {
    if (typeof part === 'string') {
      return part;
    }
    tokens.push(part);
    return `\u0001${tokens.length - 1}\u0002`;
  }).join('');
  return restore(JSON.parse(text.replace(/\u0001/g, '@@TOKEN:').replace(/\u0002/g, '@@')), tokens);
}

function restore(value: any, tokens: any[]): any {
  if (typeof value === 'string') {
    const pieces = value.split(/@@TOKEN:(\d+)@@/);
    if (pieces.length === 1) {
      return value;
    }
    // split() with a capture group: text, index, text, index, ..., text.
    const parts = pieces.map((p, i) => (i % 2 === 1 ? tokens[Number(p)] : p)).filter((p) => p !== '');
    return parts.length === 1 ? parts[0] : { 'Fn::Join': ['', parts] };
  }
  if (Array.isArray(value)) {
    return value.map((v) => restore(v, tokens));
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, restore(v, tokens)]));
  }
  return value;
}
