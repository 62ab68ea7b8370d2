/**
 * Offers text as a file download (the Lab's reports, the booth counter's CSV). The object
 * URL is revoked a little later: revoking it at once can cancel the download in some browsers.
 */
export function saveFile(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
