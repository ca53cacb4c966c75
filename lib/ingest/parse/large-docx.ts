import { Document, HeadingLevel, Packer, Paragraph } from 'docx';

/**
 * A Word document of `sections` sections, each a heading and `paragraphsPerSection` paragraphs
 * of about 45 tokens, built with the `docx` package as Word would write it (styles, numbering):
 * the heavy-parse fixture of the parse-worker tests and `scripts/bench-isolation.ts --docx`.
 * About 4 paragraphs make a chunk with the default settings.
 */
export async function largeDocx(sections: number, paragraphsPerSection = 8): Promise<Uint8Array> {
  const children: Paragraph[] = [];
  for (let s = 0; s < sections; s++) {
    children.push(new Paragraph({ text: `Station ${s} survey`, heading: HeadingLevel.HEADING_1 }));
    for (let p = 0; p < paragraphsPerSection; p++) {
      const i = s * paragraphsPerSection + p;
      children.push(
        new Paragraph(
          `Survey paragraph ${i}: station ${s % 97} logged tides of ${i % 13} feet, winds from the ${['north', 'south', 'east', 'west'][i % 4]}, and ${i % 31} herons feeding near the reed beds.`,
        ),
      );
    }
  }
  const doc = new Document({ title: 'Heron survey', sections: [{ children }] });
  return new Uint8Array(await Packer.toBuffer(doc));
}
