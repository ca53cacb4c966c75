import { describe, expect, it } from 'vitest';
import { namingStrength } from './named-document';

const doc = (name: string, title: string | null = null) => ({ name, title });

describe('namingStrength: which questions name a document', () => {
  it('finds a file name with its extension, whatever the case or separators', () => {
    expect(namingStrength('Summarise handbook.pdf', doc('handbook.pdf'))).toBe(3);
    expect(namingStrength('what is in Employee_Handbook.PDF?', doc('employee_handbook.pdf'))).toBe(3);
    expect(namingStrength('summarise employee-handbook.pdf please', doc('employee_handbook.pdf'))).toBe(3);
  });

  it('finds a name or title after "the/my/…" with a word for a document, or in quotes', () => {
    expect(namingStrength('What does the onboarding guide say?', doc('onboarding-guide.md'))).toBe(1);
    expect(namingStrength('what does the Onboarding Guide say about laptops', doc('og-v2.pdf', 'Onboarding Guide'))).toBe(1);
    expect(namingStrength('Summarise the climate change report.', doc('climate_change.pdf'))).toBe(1);
    expect(namingStrength('Summarise "Q3 results"', doc('q3-results.xlsx'))).toBe(2);
    expect(namingStrength('Summarise “Field notes”', doc('x.txt', 'Field notes'))).toBe(2);
  });

  it('leaves ordinary questions to search', () => {
    // The topic is a document's title, but nothing says the document is meant.
    expect(namingStrength('What causes climate change?', doc('climate-change.pdf', 'Climate change'))).toBe(0);
    expect(namingStrength('How do I onboard a new guide?', doc('onboarding-guide.md'))).toBe(0);
    // One-word names match only as a full file name or in quotes.
    expect(namingStrength('Summarise the notes', doc('notes.txt'))).toBe(0);
    expect(namingStrength('What is a handbook?', doc('handbook.pdf'))).toBe(0);
    // Whole words only: "handbook.pdf" is not in "myhandbook.pdf".
    expect(namingStrength('open myhandbook.pdf', doc('handbook.pdf'))).toBe(0);
    expect(namingStrength('what does the onboarding guidebook say', doc('onboarding-guide.md'))).toBe(0);
  });
});
