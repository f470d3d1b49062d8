// Plain JavaScript: jest loads global setup outside the ESM test runtime.
export default async function globalSetup() {
  // One id per test run: test files share the template database made for it.
  process.env.EGOV_TEST_RUN = `${process.pid}-${Date.now()}`;
}
