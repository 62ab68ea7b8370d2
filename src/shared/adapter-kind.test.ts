import { describe, expect, it } from 'vitest';
import { isSoftwareAdapter } from './adapter-kind.ts';

describe('isSoftwareAdapter', () => {
  it('recognises SwiftShader as Chromium reports it', () => {
    expect(isSoftwareAdapter({ architecture: 'swiftshader', description: '', device: '' })).toBe(true);
  });
  it.each(['llvmpipe (LLVM 15.0.6, 256 bits)', 'Microsoft Basic Render Driver', 'lavapipe'])('recognises %s', (description) =>
    expect(isSoftwareAdapter({ architecture: '', description, device: '' })).toBe(true),
  );
  it('trusts isFallbackAdapter', () => {
    expect(isSoftwareAdapter({ architecture: 'x', description: '', device: '', isFallbackAdapter: true })).toBe(true);
  });
  it('leaves hardware GPUs alone', () => {
    expect(isSoftwareAdapter({ architecture: 'ampere', description: 'NVIDIA GeForce RTX 3060', device: '' })).toBe(false);
    expect(isSoftwareAdapter({ architecture: 'gen-12lp', description: 'Intel(R) Iris(R) Xe Graphics', device: '' })).toBe(false);
  });
});
