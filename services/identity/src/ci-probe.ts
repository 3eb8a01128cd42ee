export async function probe(): Promise<void> {
  await Promise.resolve(1);
}
