// autocorrelation_lag_products.cc: the portable lag-product kernel (Eigen) and the run-time
// choice of the AVX kernel (autocorrelation_lag_products_avx.cc).
#include "kernels/autocorrelation_lag_products.h"

#include <Eigen/Core>
#include <algorithm>

namespace minsense::kernels {
namespace {

// kPortableOrderIsSse2: the portable kernel's Eigen product rounds in the order the AVX kernel
// reproduces (4-float SSE2 packets, separate multiply and add) only in an x86-64 build without
// AVX or FMA; a build with wider or fused packets keeps the portable kernel alone.
#if (defined(__x86_64__) || defined(_M_X64)) && defined(EIGEN_VECTORIZE_SSE2) && \
    !defined(EIGEN_VECTORIZE_AVX) && !defined(EIGEN_VECTORIZE_FMA)
constexpr bool kPortableOrderIsSse2 = true;
#else
constexpr bool kPortableOrderIsSse2 = false;
#endif

}  // namespace

bool AutocorrelationLagProductsAvxUsable() {
  static const bool usable = kPortableOrderIsSse2 && AutocorrelationLagProductsAvxSupported();
  return usable;
}

bool AutocorrelationLagProductsAvx512Usable() {
  static const bool usable = kPortableOrderIsSse2 && AutocorrelationLagProductsAvx512Supported();
  return usable;
}

void AutocorrelationLagProductsPortable(const float* d, std::size_t n, std::size_t first_lag,
                                        std::size_t num_lags, float* products) {
  // Lags go in blocks of kLagBlock rows: a block starting at lag l0 only needs the first
  // n - l0 columns (beyond them every row is zero padding), so the padding costs at most
  // kLagBlock - 1 wasted columns per row instead of l. Row k of a block, d[l0 + k .. + width),
  // is the window shifted by l0 + k with zeros beyond its end: the product then sums exactly
  // the n - l overlapping pairs of lag l.
  using ShiftedRows =
      Eigen::Map<const Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>,
                 Eigen::Unaligned, Eigen::OuterStride<>>;
  constexpr std::size_t kLagBlock = 8;
  for (std::size_t l0 = first_lag; l0 < num_lags; l0 += kLagBlock) {
    const auto rows = static_cast<Eigen::Index>(std::min(kLagBlock, num_lags - l0));
    const auto width = static_cast<Eigen::Index>(n - l0);
    // shifted(k, i) = d[l0 + k + i]: rows overlap (outer stride 1).
    const ShiftedRows shifted(d + l0, rows, width, Eigen::OuterStride<>(1));
    const Eigen::Map<const Eigen::VectorXf> window(d, width);
    Eigen::Map<Eigen::VectorXf> lag_products(products + l0, rows);
    lag_products.noalias() = shifted * window;
  }
}

void AutocorrelationLagProducts(const float* d, std::size_t n, std::size_t num_lags,
                                float* products) {
  std::size_t done = 0;
  if (AutocorrelationLagProductsAvx512Usable()) {
    done = AutocorrelationLagProductsAvx512(d, n, num_lags, products);
  } else if (AutocorrelationLagProductsAvxUsable()) {
    done = AutocorrelationLagProductsAvx(d, n, num_lags, products);
  }
  AutocorrelationLagProductsPortable(d, n, done, num_lags, products);
}

void NormalizeLagProductsPortable(const float* products, std::size_t n, std::size_t first_lag,
                                  std::size_t num_lags, double variance, float* r) {
  // Two lags at a time: the same two correctly rounded divisions per lag as one at a time, but
  // as packed divisions (half the divider time, which otherwise dominates this loop).
  std::size_t lag = first_lag;
  for (; lag + 2 <= num_lags; lag += 2) {
    const Eigen::Array2d p(static_cast<double>(products[lag]),
                           static_cast<double>(products[lag + 1]));
    const Eigen::Array2d count(static_cast<double>(n - lag), static_cast<double>(n - lag - 1));
    const Eigen::Array2d q = p / count / variance;
    r[lag] = static_cast<float>(q[0]);
    r[lag + 1] = static_cast<float>(q[1]);
  }
  for (; lag < num_lags; ++lag) {
    r[lag] = static_cast<float>(static_cast<double>(products[lag]) / static_cast<double>(n - lag) /
                                variance);
  }
}

void NormalizeLagProducts(const float* products, std::size_t n, std::size_t first_lag,
                          std::size_t num_lags, double variance, float* r) {
  static const bool avx = AutocorrelationLagProductsAvxSupported();
  std::size_t done = 0;
  if (avx) done = NormalizeLagProductsAvx(products, n, first_lag, num_lags, variance, r);
  NormalizeLagProductsPortable(products, n, first_lag + done, num_lags, variance, r);
}

}  // namespace minsense::kernels
