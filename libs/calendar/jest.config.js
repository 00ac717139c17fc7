/** Jest config for libs/calendar: run with `npx jest --config libs/calendar/jest.config.js` from the repo root. */
module.exports = {
  displayName: 'calendar',
  testEnvironment: 'node',
  rootDir: '.',
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  transform: {
    '^.+\\.tsx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }],
  },
};
