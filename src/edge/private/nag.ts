/**
 * A CloudFormation value as cdk-nag writes it into a finding id (`<Bucket1234.Arn>/*`), so that an
 * acknowledgement can name the exact finding.
 */
export function flattenReference(value: unknown): string {
  if (value === undefined) {
    return '';
  }
  if (typeof value === 'string') {
    return value.replace(/\$\{/g, '<').replace(/\}/g, '>');
  }
  const node = value as { [key: string]: any };
  if (node['Fn::Join']) {
    const [delimiter, items] = node['Fn::Join'];
    return (items as unknown[]).map(flattenReference).join(delimiter);
  }
  if (node['Fn::Sub']) {
    return flattenReference(node['Fn::Sub']);
  }
  if (node['Fn::GetAtt']) {
    const [resource, attribute] = node['Fn::GetAtt'];
    return `<${flattenReference(resource)}.${flattenReference(attribute)}>`;
  }
  if (node.Ref) {
    return `<${flattenReference(node.Ref)}>`;
  }
  return JSON.stringify(value);
}
