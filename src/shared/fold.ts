// Folding for matching Vietnamese names and headers: "Họ và tên" ≡ "ho va ten" ≡ "HOVATEN".
// đ/Đ are letters of their own in Unicode (no combining mark), so they are mapped by hand.
export function foldDiacritics(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
}

/** Case-, diacritic- and space-insensitive key (punctuation too: "full_name" ≡ "Full name"). */
export function matchKey(s: string): string {
  return foldDiacritics(s)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** Trim and collapse inner whitespace, keep the text as written (NFC). */
export function tidy(s: string): string {
  return s.normalize('NFC').trim().replace(/\s+/g, ' ');
}
