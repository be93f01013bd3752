import { describe, expect, it } from 'vitest';
import { FrameBudget } from './frameBudget';

describe('FrameBudget', () => {
  it('has time left until the budget is spent, and starts over each frame', () => {
    const budget = new FrameBudget(8);
    budget.begin(100);
    expect(budget.left(100)).toBe(true);
    expect(budget.left(107.9)).toBe(true);
    expect(budget.left(108)).toBe(false);
    budget.begin(120);
    expect(budget.left(121)).toBe(true);
  });
});
