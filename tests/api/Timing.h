#pragma once

// Time bounds in tests hold for optimised builds only; sanitizer and debug builds run several
// times slower, so there the tests still run (and print their timings) but assert nothing.
#if defined(__SANITIZE_ADDRESS__) || !defined(NDEBUG)
inline constexpr bool kTimingAsserted = false;
#else
inline constexpr bool kTimingAsserted = true;
#endif
