import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { kindOf, MAX_QUESTIONS, parseQuestionSet } from './question-set';

const buf = (s: string) => Buffer.from(s, 'utf8');

describe('parseQuestionSet', () => {
  it('reads JSONL with document lists, and CSV with documents separated by ; or |', () => {
    expect(parseQuestionSet('q.jsonl', buf('{"question":" Who? ","expected_answer":"Ada","expected_documents":["a.pdf"]}\n\n'))).toEqual([
      { question: 'Who?', expectedAnswer: 'Ada', expectedDocuments: ['a.pdf'] },
    ]);
    expect(parseQuestionSet('q.csv', buf('\uFEFFQuestion,expected_documents\n"Where, then?",a.pdf; b.md|c.txt\n'))).toEqual([
      { question: 'Where, then?', expectedAnswer: null, expectedDocuments: ['a.pdf', 'b.md', 'c.txt'] },
    ]);
  });

  it('names the line that is wrong, and caps the set', () => {
    expect(() => parseQuestionSet('q.jsonl', buf('{"question":""}'))).toThrow(/Line 1: question — question is empty/);
    const many = Array.from({ length: MAX_QUESTIONS + 1 }, () => '{"question":"q"}').join('\n');
    expect(() => parseQuestionSet('q.jsonl', buf(many))).toThrow(AppError);
  });
});

describe('kindOf', () => {
  it('is retrieval-only when every question names documents and none expects an answer', () => {
    expect(kindOf([{ question: 'q', expectedAnswer: null, expectedDocuments: ['a'] }])).toBe('retrieval');
    expect(kindOf([{ question: 'q', expectedAnswer: 'x', expectedDocuments: ['a'] }])).toBe('answers');
    expect(kindOf([{ question: 'q', expectedAnswer: null, expectedDocuments: [] }])).toBe('answers');
  });
});
