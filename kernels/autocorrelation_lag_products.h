// autocorrelation_lag_products.h: the lag products of NormalizedAutocorrelationFast and their
// normalisation, portable kernels and x86-64 AVX kernels that round exactly like them, chosen at
// run time.
//
// For a mean-removed window d[0, n) the lag products are
//   p[l] = sum_{i=0}^{n-l-1} d[i] d[i + l],   l = 0 .. num_lags - 1,
// summed in float. Every kernel here sums in the same order, so all of them give the same bits:
// lags go in blocks of 8 from lag 0, every lag of a block starting at l0 runs over the n - l0
// columns of the block (its last ones are zero padding), and per lag, columns i in steps of four go
// to four partial sums (sum q takes i = q mod 4, in order, each product rounded before it is
// added), combined as (s0 + s2) + (s1 + s3), then the columns left over (fewer than four) are added
// one by one (a last block of a single lag is an Eigen dot product, in another order, and always
// runs in the portable kernel). That is the order of Eigen's row-major matrix-vector product with
// SSE2 (4-float packets, no FMA) that the portable kernel calls; the AVX kernel reproduces it with
// two lags in one 8-float register and two blocks of eight lags per pass, which halves the multiply
// and add instructions. It uses no FMA: a fused multiply-add rounds once instead of twice and would
// change the result.
//
// The AVX kernels are compiled only on x86-64 (autocorrelation_lag_products_avx.cc, with -mavx) and
// used only when the CPU reports AVX and the portable kernel was built for SSE2 without AVX (a
// build with -march=native already gives Eigen wider packets, in another order). Elsewhere
// AutocorrelationLagProducts is the portable kernel. On a CPU with AVX-512 the lag products
// come from an AVX-512 kernel (autocorrelation_lag_products_avx512.cc, with -mavx512f) instead:
// four lags in one 16-float register, again without FMA, again the same bits.
//
// NormalizeLagProducts turns the products into r (the divisions, the other costly step); its AVX
// form divides four lags at a time, with the same bits as two at a time.
//
// Example (what NormalizedAutocorrelationFast does):
//   // d: n mean-removed samples, then zeros up to n + num_lags + kLagProductsPadding.
//   AutocorrelationLagProducts(d, n, num_lags, products);
//   NormalizeLagProducts(products, n, 1, num_lags, variance, r);
#ifndef MINSENSE_KERNELS_AUTOCORRELATION_LAG_PRODUCTS_H_
#define MINSENSE_KERNELS_AUTOCORRELATION_LAG_PRODUCTS_H_

#include <cstddef>

namespace minsense::kernels {

// kLagProductsPadding: the caller keeps d[n, n + num_lags + kLagProductsPadding) zero (the
// kernels read shifted rows, and the AVX kernel whole 8-float loads, past the window's end).
inline constexpr std::size_t kLagProductsPadding = 16;

// kLagProductsAvxMaxSamples: the longest window the AVX kernel takes (its scratch, 16 bytes a
// sample, lives on the stack and is zeroed before the kernel returns); longer windows use the
// portable kernel.
inline constexpr std::size_t kLagProductsAvxMaxSamples = 512;

// AutocorrelationLagProductsPortable writes products[l] = p[l] for l in [first_lag, num_lags),
// first_lag a multiple of 8
// (Eigen matrix-vector products over blocks of 8 lags). Requires num_lags <= n and d zero in
// [n, n + num_lags + kLagProductsPadding). No allocation.
void AutocorrelationLagProductsPortable(const float* d, std::size_t n, std::size_t first_lag,
                                        std::size_t num_lags, float* products);

// AutocorrelationLagProductsAvxSupported is true when this build has the AVX kernel (x86-64)
// and the CPU and the OS support AVX. Defined in autocorrelation_lag_products_avx.cc.
bool AutocorrelationLagProductsAvxSupported();

// AutocorrelationLagProductsAvxUsable is true when this build has the AVX kernel, the CPU
// (and the OS) support AVX, and the portable kernel rounds in the order the AVX kernel
// reproduces. Checked once.
bool AutocorrelationLagProductsAvxUsable();

// AutocorrelationLagProductsAvx writes products[l] for l in [0, m), m = the largest multiple
// of 8 <= num_lags, bit-identical to the portable kernel, and returns m; the caller does the
// remaining lags (fewer than 8) with the portable kernel. Returns 0 and writes nothing when
// n > kLagProductsAvxMaxSamples or the build has no AVX kernel. Call only when
// AutocorrelationLagProductsAvxUsable(). Same requirements as the portable kernel.
std::size_t AutocorrelationLagProductsAvx(const float* d, std::size_t n, std::size_t num_lags,
                                          float* products);

// AutocorrelationLagProductsAvx512Supported is true when this build has the AVX-512 kernel
// (x86-64) and the CPU and the OS support AVX-512F. Defined in
// autocorrelation_lag_products_avx512.cc.
bool AutocorrelationLagProductsAvx512Supported();

// AutocorrelationLagProductsAvx512Usable is AutocorrelationLagProductsAvxUsable for the
// AVX-512 kernel. Checked once.
bool AutocorrelationLagProductsAvx512Usable();

// AutocorrelationLagProductsAvx512 is AutocorrelationLagProductsAvx with AVX-512F (same result,
// same bits, same return value, same limits; its scratch, 16 bytes a sample, lives on the stack
// and is zeroed before it returns). Call only when AutocorrelationLagProductsAvx512Usable().
std::size_t AutocorrelationLagProductsAvx512(const float* d, std::size_t n, std::size_t num_lags,
                                             float* products);

// AutocorrelationLagProducts writes products[l] for l in [0, num_lags) with the AVX-512 or the
// AVX kernel when one is usable (AVX-512 first) and the portable kernel otherwise (same bits
// either way).
void AutocorrelationLagProducts(const float* d, std::size_t n, std::size_t num_lags,
                                float* products);

// NormalizeLagProducts writes r[l] = float(double(products[l]) / double(n - l) / variance) for
// l in [first_lag, num_lags): the unbiased per-lag mean product over the window's variance. Two
// correctly rounded double divisions and one rounding to float per lag, whatever the vector
// width, so every kernel below gives the same bits. Requires num_lags <= n. No allocation.
void NormalizeLagProducts(const float* products, std::size_t n, std::size_t first_lag,
                          std::size_t num_lags, double variance, float* r);

// NormalizeLagProductsPortable is NormalizeLagProducts with two lags per packed division (Eigen).
void NormalizeLagProductsPortable(const float* products, std::size_t n, std::size_t first_lag,
                                  std::size_t num_lags, double variance, float* r);

// NormalizeLagProductsAvx does the lags [first_lag, first_lag + m), m the largest multiple of 4
// <= num_lags - first_lag, four per division, and returns m (0 in a build without the AVX
// kernel). Call only when AutocorrelationLagProductsAvxSupported().
std::size_t NormalizeLagProductsAvx(const float* products, std::size_t n, std::size_t first_lag,
                                    std::size_t num_lags, double variance, float* r);

}  // namespace minsense::kernels

#endif  // MINSENSE_KERNELS_AUTOCORRELATION_LAG_PRODUCTS_H_
