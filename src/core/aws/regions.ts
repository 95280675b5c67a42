/**
 * Commercial AWS regions for the region picker (names only; the picker also accepts any other name,
 * and keeps regions already chosen). Opt-in regions are listed too: a profile without access to one
 * gets an error node saying so.
 */
export const AWS_REGIONS: readonly { name: string; location: string }[] = [
  { name: 'us-east-1', location: 'N. Virginia' },
  { name: 'us-east-2', location: 'Ohio' },
  { name: 'us-west-1', location: 'N. California' },
  { name: 'us-west-2', location: 'Oregon' },
  { name: 'ca-central-1', location: 'Canada (Central)' },
  { name: 'ca-west-1', location: 'Calgary' },
  { name: 'mx-central-1', location: 'Mexico (Central)' },
  { name: 'sa-east-1', location: 'São Paulo' },
  { name: 'eu-west-1', location: 'Ireland' },
  { name: 'eu-west-2', location: 'London' },
  { name: 'eu-west-3', location: 'Paris' },
  { name: 'eu-central-1', location: 'Frankfurt' },
  { name: 'eu-central-2', location: 'Zurich' },
  { name: 'eu-north-1', location: 'Stockholm' },
  { name: 'eu-south-1', location: 'Milan' },
  { name: 'eu-south-2', location: 'Spain' },
  { name: 'il-central-1', location: 'Tel Aviv' },
  { name: 'me-south-1', location: 'Bahrain' },
  { name: 'me-central-1', location: 'UAE' },
  { name: 'af-south-1', location: 'Cape Town' },
  { name: 'ap-east-1', location: 'Hong Kong' },
  { name: 'ap-south-1', location: 'Mumbai' },
  { name: 'ap-south-2', location: 'Hyderabad' },
  { name: 'ap-northeast-1', location: 'Tokyo' },
  { name: 'ap-northeast-2', location: 'Seoul' },
  { name: 'ap-northeast-3', location: 'Osaka' },
  { name: 'ap-southeast-1', location: 'Singapore' },
  { name: 'ap-southeast-2', location: 'Sydney' },
  { name: 'ap-southeast-3', location: 'Jakarta' },
  { name: 'ap-southeast-4', location: 'Melbourne' },
  { name: 'ap-southeast-5', location: 'Malaysia' },
  { name: 'ap-southeast-7', location: 'Thailand' },
];

/** Region names shaped like AWS's (eu-west-1, us-gov-west-1); the SDK rejects the rest. */
export function isRegionName(name: string): boolean {
  return /^[a-z]{2}(-[a-z]+)+-\d+$/.test(name);
}
