#include "ballot/ballot.hpp"

#include <sodium.h>

#include <algorithm>
#include <boost/json.hpp>
#include <initializer_list>
#include <stdexcept>

namespace zc::ballot {
namespace {

namespace json = boost::json;

// Domain-separation tags, one per proof kind (TRANSCRIPT.md).
constexpr std::string_view kTagKeygen = "zhicheng/ballot/v1/keygen";
constexpr std::string_view kTagRange = "zhicheng/ballot/v1/range";
constexpr std::string_view kTagOverall = "zhicheng/ballot/v1/overall";
constexpr std::string_view kTagDecrypt = "zhicheng/ballot/v1/decrypt";

constexpr const char* kChoiceNames[kChoices] = {"yes", "no", "abstain"};

// --- Group and scalar arithmetic ---------------------------------------------------------------------------
// libsodium 1.0.18 refuses to *produce* the identity from a scalar multiplication (it returns -1 for a zero
// scalar or an identity result), although the identity is a perfectly valid input and a legitimate value
// here: g^0 encodes a 0 vote, and tallies of all-zero choices are exactly that. The wrappers below turn that
// refusal back into the identity; every point passed to them has been validated first, so it is the only
// way they can fail.

const Point& G() {
  static const Point g = [] {
    Scalar one{};
    one[0] = 1;
    Point p;
    if (crypto_scalarmult_ristretto255_base(p.data(), one.data()) != 0) throw std::logic_error("base point");
    return p;
  }();
  return g;
}

Point Add(const Point& a, const Point& b) {
  Point out;
  if (crypto_core_ristretto255_add(out.data(), a.data(), b.data()) != 0) throw std::logic_error("add");
  return out;
}

Point Sub(const Point& a, const Point& b) {
  Point out;
  if (crypto_core_ristretto255_sub(out.data(), a.data(), b.data()) != 0) throw std::logic_error("sub");
  return out;
}

// Built with the library rather than hard-coded as zeros, so a test can confirm the encoding.
const Point& Identity() {
  static const Point id = Sub(G(), G());
  return id;
}

Point Mul(const Point& p, const Scalar& k) {
  Point out;
  if (crypto_scalarmult_ristretto255(out.data(), k.data(), p.data()) == 0) return out;
  if (!IsValidPoint(p)) throw std::logic_error("scalar multiplication of an invalid point");
  return Identity();
}

Point MulBase(const Scalar& k) {
  Point out;
  if (crypto_scalarmult_ristretto255_base(out.data(), k.data()) == 0) return out;
  return Identity();  // only k ≡ 0 mod ℓ fails
}

// g^m for a small m, by repeated addition (works for m = 0 and needs no scalar encoding).
Point GPow(unsigned m) {
  Point p = Identity();
  for (unsigned i = 0; i < m; ++i) p = Add(p, G());
  return p;
}

Scalar SAdd(const Scalar& a, const Scalar& b) {
  Scalar out;
  crypto_core_ristretto255_scalar_add(out.data(), a.data(), b.data());
  return out;
}

Scalar SSub(const Scalar& a, const Scalar& b) {
  Scalar out;
  crypto_core_ristretto255_scalar_sub(out.data(), a.data(), b.data());
  return out;
}

Scalar SMul(const Scalar& a, const Scalar& b) {
  Scalar out;
  crypto_core_ristretto255_scalar_mul(out.data(), a.data(), b.data());
  return out;
}

// --- Fiat–Shamir transcript --------------------------------------------------------------------------------

// SHA-512 over a sequence of length-prefixed fields (4-byte big-endian length, then the bytes), starting with
// the tag and the election id; the challenge is the 64-byte digest reduced mod ℓ. Length prefixes make the
// encoding injective, so no two different statements share a transcript.
class Transcript {
 public:
  Transcript(std::string_view tag, std::string_view election_id) {
    crypto_hash_sha512_init(&state_);
    Add(tag);
    Add(election_id);
  }

  void AddU32(uint32_t v) {
    const auto be = BigEndian32(v);
    Add({reinterpret_cast<const char*>(be.data()), be.size()});
  }

  void AddPoints(std::initializer_list<const Point*> points) {
    for (const Point* p : points) Add({reinterpret_cast<const char*>(p->data()), p->size()});
  }

  Scalar Challenge() {
    unsigned char digest[crypto_hash_sha512_BYTES];
    crypto_hash_sha512_final(&state_, digest);
    Scalar c;
    crypto_core_ristretto255_scalar_reduce(c.data(), digest);
    return c;
  }

 private:
  static std::array<unsigned char, 4> BigEndian32(uint32_t v) {
    return {static_cast<unsigned char>(v >> 24), static_cast<unsigned char>(v >> 16),
            static_cast<unsigned char>(v >> 8), static_cast<unsigned char>(v)};
  }

  void Add(std::string_view field) {
    const auto len = BigEndian32(static_cast<uint32_t>(field.size()));
    crypto_hash_sha512_update(&state_, len.data(), len.size());
    crypto_hash_sha512_update(&state_, reinterpret_cast<const unsigned char*>(field.data()), field.size());
  }

  crypto_hash_sha512_state state_;
};

Scalar KeygenChallenge(std::string_view eid, const Point& h_i, const Point& a) {
  Transcript t(kTagKeygen, eid);
  t.AddPoints({&G(), &h_i, &a});
  return t.Challenge();
}

// The candidate and choice positions are bound so that ciphertexts (with their proofs) cannot be moved to
// another slot of the sheet, e.g. swapping a voter's "yes" and "no".
Scalar RangeChallenge(std::string_view eid, uint32_t candidate, uint32_t choice, const Point& h,
                      const Ciphertext& ct, const RangeProof& p) {
  Transcript t(kTagRange, eid);
  t.AddU32(candidate);
  t.AddU32(choice);
  t.AddPoints(
      {&G(), &h, &ct.alpha, &ct.beta, &p.branch[0].a, &p.branch[0].b, &p.branch[1].a, &p.branch[1].b});
  return t.Challenge();
}

// Statement (g, h, α_sum, β_sum / g).
Scalar OverallChallenge(std::string_view eid, uint32_t candidate, const Point& h, const Point& alpha_sum,
                        const Point& beta_sum_over_g, const ChaumPedersenProof& p) {
  Transcript t(kTagOverall, eid);
  t.AddU32(candidate);
  t.AddPoints({&G(), &h, &alpha_sum, &beta_sum_over_g, &p.a, &p.b});
  return t.Challenge();
}

// Statement (g, α, h_i, d_i).
Scalar DecryptChallenge(std::string_view eid, const Point& alpha, const Point& h_i, const Point& d,
                        const ChaumPedersenProof& p) {
  Transcript t(kTagDecrypt, eid);
  t.AddPoints({&G(), &alpha, &h_i, &d, &p.a, &p.b});
  return t.Challenge();
}

// The two verification equations of a Chaum–Pedersen proof for (G1, G2, X1, X2), with challenge `c`:
// G1^s = a · X1^c and G2^s = b · X2^c.
bool CheckChaumPedersen(const Point& g1, const Point& g2, const Point& x1, const Point& x2,
                        const ChaumPedersenProof& p, const Scalar& c) {
  return Mul(g1, p.s) == Add(p.a, Mul(x1, c)) && Mul(g2, p.s) == Add(p.b, Mul(x2, c));
}

bool AllValid(std::initializer_list<const Point*> points) {
  for (const Point* p : points)
    if (!IsValidPoint(*p)) return false;
  return true;
}

bool AllCanonical(std::initializer_list<const Scalar*> scalars) {
  for (const Scalar* s : scalars)
    if (!IsCanonicalScalar(*s)) return false;
  return true;
}

// --- Proving ----------------------------------------------------------------------------------------------

EncryptedChoice EncryptChoice(std::string_view eid, const Point& h, uint32_t candidate, uint32_t choice,
                              unsigned m, const ChoiceRandomness& rnd) {
  EncryptedChoice out;
  Ciphertext& ct = out.ct;
  ct.alpha = MulBase(rnd.r);
  ct.beta = Add(GPow(m), Mul(h, rnd.r));

  // Simulate the false branch: pick its challenge and response, solve for its commitments.
  const unsigned sim = 1 - m;
  ChaumPedersenProof& fake = out.proof.branch[sim];
  fake.c = rnd.c_sim;
  fake.s = rnd.s_sim;
  fake.a = Sub(MulBase(fake.s), Mul(ct.alpha, fake.c));
  fake.b = Sub(Mul(h, fake.s), Mul(Sub(ct.beta, GPow(sim)), fake.c));

  ChaumPedersenProof& real = out.proof.branch[m];
  real.a = MulBase(rnd.w);
  real.b = Mul(h, rnd.w);
  const Scalar c = RangeChallenge(eid, candidate, choice, h, ct, out.proof);
  real.c = SSub(c, fake.c);
  real.s = SAdd(rnd.w, SMul(real.c, rnd.r));
  return out;
}

}  // namespace

void Init() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
}

std::string ToHex(std::span<const unsigned char> bytes) {
  std::string out(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), bytes.data(), bytes.size());
  out.pop_back();
  return out;
}

std::optional<std::array<unsigned char, 32>> FromHex32(std::string_view hex) {
  std::array<unsigned char, 32> out;
  size_t len = 0;
  const char* end = nullptr;
  if (hex.size() != 64 ||
      sodium_hex2bin(out.data(), out.size(), hex.data(), hex.size(), nullptr, &len, &end) != 0 || len != 32)
    return std::nullopt;
  // sodium_hex2bin also takes upper case; one spelling only keeps the JSON canonical.
  if (ToHex(out) != hex) return std::nullopt;
  return out;
}

Scalar RandomScalar() {
  Scalar s;
  crypto_core_ristretto255_scalar_random(s.data());  // never zero
  return s;
}

bool IsCanonicalScalar(const Scalar& s) {
  unsigned char wide[crypto_core_ristretto255_NONREDUCEDSCALARBYTES] = {};
  std::copy(s.begin(), s.end(), wide);
  Scalar reduced;
  crypto_core_ristretto255_scalar_reduce(reduced.data(), wide);
  return reduced == s;
}

bool IsValidPoint(const Point& p) {
  return crypto_core_ristretto255_is_valid_point(p.data()) == 1;
}

// --- Trustees -------------------------------------------------------------------------------------------

KeyShare GenerateKeyShare(std::string_view election_id) {
  Scalar w = RandomScalar();
  KeyShare k = KeyShareFromSecret(election_id, RandomScalar(), w);
  sodium_memzero(w.data(), w.size());
  return k;
}

KeyShare KeyShareFromSecret(std::string_view election_id, const Scalar& secret, const Scalar& w) {
  if (!IsCanonicalScalar(secret) || sodium_is_zero(secret.data(), secret.size()))
    throw std::invalid_argument("key share secret must be a non-zero reduced scalar");
  KeyShare k{secret, {MulBase(secret), {}}};
  SchnorrProof& p = k.share.proof;
  p.a = MulBase(w);
  p.c = KeygenChallenge(election_id, k.share.public_key, p.a);
  p.s = SAdd(w, SMul(p.c, secret));
  return k;
}

bool VerifyKeyShare(std::string_view election_id, const PublicShare& share) {
  const SchnorrProof& p = share.proof;
  if (!AllValid({&share.public_key, &p.a}) || !AllCanonical({&p.c, &p.s}) || share.public_key == Identity())
    return false;
  return p.c == KeygenChallenge(election_id, share.public_key, p.a) &&
         MulBase(p.s) == Add(p.a, Mul(share.public_key, p.c));
}

Point CombineKeys(std::span<const Point> public_keys) {
  if (public_keys.size() < 2) throw std::invalid_argument("an election needs at least 2 trustees");
  Point h = Identity();
  for (const Point& p : public_keys) {
    if (!IsValidPoint(p)) throw std::invalid_argument("invalid trustee public key");
    h = Add(h, p);
  }
  if (h == Identity()) throw std::invalid_argument("combined election key is the identity");
  return h;
}

// --- Voters ---------------------------------------------------------------------------------------------

EncryptedSheet EncryptSheet(std::string_view election_id, const Point& h, std::span<const Choice> choices) {
  std::vector<CandidateRandomness> rnd(choices.size());
  for (CandidateRandomness& c : rnd) {
    for (ChoiceRandomness& r : c.choices)
      r = {RandomScalar(), RandomScalar(), RandomScalar(), RandomScalar()};
    c.overall_w = RandomScalar();
  }
  EncryptedSheet sheet = EncryptSheetWith(election_id, h, choices, rnd);
  sodium_memzero(rnd.data(), rnd.size() * sizeof rnd[0]);  // the r values would reveal the vote
  return sheet;
}

EncryptedSheet EncryptSheetWith(std::string_view election_id, const Point& h, std::span<const Choice> choices,
                                std::span<const CandidateRandomness> randomness) {
  if (!IsValidPoint(h) || h == Identity()) throw std::invalid_argument("invalid election key");
  if (randomness.size() != choices.size()) throw std::invalid_argument("one randomness entry per candidate");
  EncryptedSheet sheet;
  for (uint32_t i = 0; i < choices.size(); ++i) {
    const CandidateRandomness& rnd = randomness[i];
    EncryptedCandidate cand;
    Point alpha_sum = Identity(), beta_sum = Identity();
    Scalar r_sum{};
    for (uint32_t j = 0; j < kChoices; ++j) {
      const unsigned m = static_cast<uint32_t>(choices[i]) == j ? 1 : 0;
      cand.choices[j] = EncryptChoice(election_id, h, i, j, m, rnd.choices[j]);
      alpha_sum = Add(alpha_sum, cand.choices[j].ct.alpha);
      beta_sum = Add(beta_sum, cand.choices[j].ct.beta);
      r_sum = SAdd(r_sum, rnd.choices[j].r);
    }
    // (α_sum, β_sum / g) = (g^r_sum, h^r_sum): prove the shared exponent.
    ChaumPedersenProof& p = cand.overall;
    p.a = MulBase(rnd.overall_w);
    p.b = Mul(h, rnd.overall_w);
    p.c = OverallChallenge(election_id, i, h, alpha_sum, Sub(beta_sum, G()), p);
    p.s = SAdd(rnd.overall_w, SMul(p.c, r_sum));
    sheet.candidates.push_back(cand);
  }
  return sheet;
}

std::vector<std::string> VerifyCandidate(std::string_view election_id, const Point& h, uint32_t i,
                                         const EncryptedCandidate& cand) {
  std::vector<std::string> problems;
  const std::string where = "candidate " + std::to_string(i);
  bool encodings_ok = true;
  for (uint32_t j = 0; j < kChoices; ++j) {
    const EncryptedChoice& ch = cand.choices[j];
    const ChaumPedersenProof& p0 = ch.proof.branch[0];
    const ChaumPedersenProof& p1 = ch.proof.branch[1];
    const std::string at = where + " " + kChoiceNames[j];
    if (!AllValid({&ch.ct.alpha, &ch.ct.beta, &p0.a, &p0.b, &p1.a, &p1.b}) ||
        !AllCanonical({&p0.c, &p0.s, &p1.c, &p1.s})) {
      problems.push_back(at + ": non-canonical point or scalar");
      encodings_ok = false;
      continue;
    }
    const Scalar c = RangeChallenge(election_id, i, j, h, ch.ct, ch.proof);
    if (SAdd(p0.c, p1.c) != c) {
      problems.push_back(at + ": range proof challenges do not match the transcript");
      continue;
    }
    for (unsigned m = 0; m < 2; ++m) {
      if (!CheckChaumPedersen(G(), h, ch.ct.alpha, Sub(ch.ct.beta, GPow(m)), ch.proof.branch[m],
                              ch.proof.branch[m].c)) {
        problems.push_back(at + ": range proof branch " + std::to_string(m) + " fails");
        break;
      }
    }
  }
  if (!encodings_ok) return problems;  // the overall statement cannot be formed from invalid points
  const ChaumPedersenProof& p = cand.overall;
  if (!AllValid({&p.a, &p.b}) || !AllCanonical({&p.c, &p.s})) {
    problems.push_back(where + ": overall proof has a non-canonical point or scalar");
    return problems;
  }
  Point alpha_sum = Identity(), beta_sum = Identity();
  for (const EncryptedChoice& ch : cand.choices) {
    alpha_sum = Add(alpha_sum, ch.ct.alpha);
    beta_sum = Add(beta_sum, ch.ct.beta);
  }
  const Point beta_over_g = Sub(beta_sum, G());
  if (p.c != OverallChallenge(election_id, i, h, alpha_sum, beta_over_g, p) ||
      !CheckChaumPedersen(G(), h, alpha_sum, beta_over_g, p, p.c))
    problems.push_back(where + ": overall proof (exactly one choice) fails");
  return problems;
}

std::vector<std::string> VerifySheet(std::string_view election_id, const Point& h,
                                     const EncryptedSheet& sheet, size_t n_candidates) {
  std::vector<std::string> problems;
  if (!IsValidPoint(h) || h == Identity()) return {"invalid election key"};
  if (sheet.candidates.size() != n_candidates)
    return {"expected " + std::to_string(n_candidates) + " candidates, got " +
            std::to_string(sheet.candidates.size())};

  for (uint32_t i = 0; i < sheet.candidates.size(); ++i) {
    for (std::string& p : VerifyCandidate(election_id, h, i, sheet.candidates[i]))
      problems.push_back(std::move(p));
  }
  return problems;
}

namespace {

// The bytes of one candidate's entry, in the order docs/ballot-transcript.md gives for fingerprints.
void HashCandidate(crypto_hash_sha256_state& st, const EncryptedCandidate& cand) {
  auto put = [&st](const std::array<unsigned char, 32>& b) {
    crypto_hash_sha256_update(&st, b.data(), b.size());
  };
  auto put_proof = [&put](const ChaumPedersenProof& p) {
    put(p.a);
    put(p.b);
    put(p.c);
    put(p.s);
  };
  for (const EncryptedChoice& ch : cand.choices) {
    put(ch.ct.alpha);
    put(ch.ct.beta);
    put_proof(ch.proof.branch[0]);
    put_proof(ch.proof.branch[1]);
  }
  put_proof(cand.overall);
}

std::string Finish(crypto_hash_sha256_state& st) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&st, digest);
  return ToHex(digest);
}

}  // namespace

std::string SheetFingerprint(const EncryptedSheet& sheet) {
  crypto_hash_sha256_state st;
  crypto_hash_sha256_init(&st);
  for (const EncryptedCandidate& cand : sheet.candidates) HashCandidate(st, cand);
  return Finish(st);
}

std::vector<std::string> VerifyBallot(std::string_view election_id, const Point& h, const Ballot& ballot,
                                      const std::vector<bool>& absent) {
  if (!IsValidPoint(h) || h == Identity()) return {"invalid election key"};
  if (ballot.candidates.size() != absent.size())
    return {"expected " + std::to_string(absent.size()) + " candidates, got " +
            std::to_string(ballot.candidates.size())};
  std::vector<std::string> problems;
  for (uint32_t i = 0; i < ballot.candidates.size(); ++i) {
    const auto& entry = ballot.candidates[i];
    if (absent[i] != !entry.has_value()) {
      problems.push_back("candidate " + std::to_string(i) +
                         (absent[i] ? ": must be left out (recusal)" : ": missing"));
      continue;
    }
    if (entry)
      for (std::string& p : VerifyCandidate(election_id, h, i, *entry)) problems.push_back(std::move(p));
  }
  return problems;
}

std::string BallotFingerprint(const Ballot& ballot) {
  crypto_hash_sha256_state st;
  crypto_hash_sha256_init(&st);
  for (const auto& entry : ballot.candidates) {
    const unsigned char present = entry ? 1 : 0;
    crypto_hash_sha256_update(&st, &present, 1);
    if (entry) HashCandidate(st, *entry);
  }
  return Finish(st);
}

Tally AggregateBallots(std::span<const Ballot> ballots, size_t n_candidates, std::vector<int>* voters) {
  Tally tally(n_candidates);
  for (auto& per_choice : tally) per_choice.fill({Identity(), Identity()});
  if (voters) voters->assign(n_candidates, 0);
  for (const Ballot& b : ballots) {
    if (b.candidates.size() != n_candidates)
      throw std::invalid_argument("ballot has the wrong candidate count");
    for (size_t i = 0; i < n_candidates; ++i) {
      if (!b.candidates[i]) continue;
      if (voters) ++(*voters)[i];
      for (size_t j = 0; j < kChoices; ++j) {
        Ciphertext& acc = tally[i][j];
        const Ciphertext& ct = b.candidates[i]->choices[j].ct;
        acc = {Add(acc.alpha, ct.alpha), Add(acc.beta, ct.beta)};
      }
    }
  }
  return tally;
}

// --- Tally ----------------------------------------------------------------------------------------------

Tally Aggregate(std::span<const EncryptedSheet> sheets, size_t n_candidates) {
  Tally tally(n_candidates);
  for (auto& per_choice : tally) per_choice.fill({Identity(), Identity()});
  for (const EncryptedSheet& sheet : sheets) {
    if (sheet.candidates.size() != n_candidates)
      throw std::invalid_argument("sheet has the wrong candidate count");
    for (size_t i = 0; i < n_candidates; ++i)
      for (size_t j = 0; j < kChoices; ++j) {
        Ciphertext& acc = tally[i][j];
        const Ciphertext& ct = sheet.candidates[i].choices[j].ct;
        acc = {Add(acc.alpha, ct.alpha), Add(acc.beta, ct.beta)};
      }
  }
  return tally;
}

PartialDecryption DecryptShare(std::string_view election_id, const KeyShare& key, const Ciphertext& ct) {
  Scalar w = RandomScalar();
  PartialDecryption out = DecryptShareWith(election_id, key, ct, w);
  sodium_memzero(w.data(), w.size());
  return out;
}

PartialDecryption DecryptShareWith(std::string_view election_id, const KeyShare& key, const Ciphertext& ct,
                                   const Scalar& w) {
  if (!IsValidPoint(ct.alpha)) throw std::invalid_argument("invalid ciphertext");
  PartialDecryption out;
  out.d = Mul(ct.alpha, key.secret);
  ChaumPedersenProof& p = out.proof;
  p.a = MulBase(w);
  p.b = Mul(ct.alpha, w);
  p.c = DecryptChallenge(election_id, ct.alpha, key.share.public_key, out.d, p);
  p.s = SAdd(w, SMul(p.c, key.secret));
  return out;
}

bool VerifyPartial(std::string_view election_id, const Point& public_key, const Ciphertext& ct,
                   const PartialDecryption& partial) {
  const ChaumPedersenProof& p = partial.proof;
  if (!AllValid({&public_key, &ct.alpha, &partial.d, &p.a, &p.b}) || !AllCanonical({&p.c, &p.s}))
    return false;
  return p.c == DecryptChallenge(election_id, ct.alpha, public_key, partial.d, p) &&
         CheckChaumPedersen(G(), ct.alpha, public_key, partial.d, p, p.c);
}

std::optional<int> CombineAndSolve(const Ciphertext& ct, std::span<const PartialDecryption> partials,
                                   int max) {
  if (partials.empty()) throw std::invalid_argument("no partial decryptions");
  Point target = ct.beta;  // β / Π d_i = g^m
  for (const PartialDecryption& p : partials) target = Sub(target, p.d);
  Point gm = Identity();
  for (int m = 0; m <= max; ++m, gm = Add(gm, G()))
    if (gm == target) return m;
  return std::nullopt;
}

// --- JSON -----------------------------------------------------------------------------------------------

namespace {

json::string Hex(const std::array<unsigned char, 32>& b) {
  return {ToHex(b)};
}

std::array<unsigned char, 32> Bytes32(const json::object& o, std::string_view key) {
  const auto v = FromHex32(o.at(key).as_string());
  if (!v) throw std::invalid_argument(std::string(key) + ": expected 64 lowercase hex characters");
  return *v;
}

json::object CpToJson(const ChaumPedersenProof& p) {
  return {{"A", Hex(p.a)}, {"B", Hex(p.b)}, {"c", Hex(p.c)}, {"s", Hex(p.s)}};
}

ChaumPedersenProof CpFromJson(const json::value& v) {
  const json::object& o = v.as_object();
  return {Bytes32(o, "A"), Bytes32(o, "B"), Bytes32(o, "c"), Bytes32(o, "s")};
}

const json::array& ArrayOfSize(const json::value& v, size_t n, const char* what) {
  const json::array& a = v.as_array();
  if (a.size() != n)
    throw std::invalid_argument(std::string(what) + ": expected " + std::to_string(n) + " items");
  return a;
}

// Parses `text` and runs `build` on it, turning Boost's type and lookup errors into std::invalid_argument.
template <typename Build>
auto FromJson(std::string_view text, Build build) {
  try {
    return build(json::parse(text));
  } catch (const std::invalid_argument&) {
    throw;
  } catch (const std::exception& e) {
    throw std::invalid_argument(std::string("malformed JSON: ") + e.what());
  }
}

}  // namespace

std::string SheetToJson(const EncryptedSheet& sheet) {
  json::array cands;
  for (const EncryptedCandidate& cand : sheet.candidates) {
    json::array choices;
    for (const EncryptedChoice& ch : cand.choices)
      choices.push_back(
          json::object{{"alpha", Hex(ch.ct.alpha)},
                       {"beta", Hex(ch.ct.beta)},
                       {"proof", json::array{CpToJson(ch.proof.branch[0]), CpToJson(ch.proof.branch[1])}}});
    cands.push_back(json::object{{"choices", std::move(choices)}, {"overall", CpToJson(cand.overall)}});
  }
  return json::serialize(json::object{{"candidates", std::move(cands)}});
}

EncryptedSheet SheetFromJson(std::string_view text) {
  return FromJson(text, [](const json::value& v) {
    EncryptedSheet sheet;
    for (const json::value& c : v.as_object().at("candidates").as_array()) {
      const json::object& co = c.as_object();
      EncryptedCandidate cand;
      const json::array& choices = ArrayOfSize(co.at("choices"), kChoices, "choices");
      for (size_t j = 0; j < kChoices; ++j) {
        const json::object& ch = choices[j].as_object();
        const json::array& proof = ArrayOfSize(ch.at("proof"), 2, "proof");
        cand.choices[j] = {{Bytes32(ch, "alpha"), Bytes32(ch, "beta")},
                           {{CpFromJson(proof[0]), CpFromJson(proof[1])}}};
      }
      cand.overall = CpFromJson(co.at("overall"));
      sheet.candidates.push_back(cand);
    }
    return sheet;
  });
}

std::string PublicShareToJson(const PublicShare& share) {
  const SchnorrProof& p = share.proof;
  return json::serialize(json::object{{"public", Hex(share.public_key)},
                                      {"proof", {{"A", Hex(p.a)}, {"c", Hex(p.c)}, {"s", Hex(p.s)}}}});
}

PublicShare PublicShareFromJson(std::string_view text) {
  return FromJson(text, [](const json::value& v) {
    const json::object& o = v.as_object();
    const json::object& p = o.at("proof").as_object();
    return PublicShare{Bytes32(o, "public"), {Bytes32(p, "A"), Bytes32(p, "c"), Bytes32(p, "s")}};
  });
}

std::string PartialToJson(const PartialDecryption& partial) {
  return json::serialize(json::object{{"d", Hex(partial.d)}, {"proof", CpToJson(partial.proof)}});
}

PartialDecryption PartialFromJson(std::string_view text) {
  return FromJson(text, [](const json::value& v) {
    const json::object& o = v.as_object();
    return PartialDecryption{Bytes32(o, "d"), CpFromJson(o.at("proof"))};
  });
}

namespace {

json::object CandidateToJson(const EncryptedCandidate& cand) {
  json::array choices;
  for (const EncryptedChoice& ch : cand.choices)
    choices.push_back(
        json::object{{"alpha", Hex(ch.ct.alpha)},
                     {"beta", Hex(ch.ct.beta)},
                     {"proof", json::array{CpToJson(ch.proof.branch[0]), CpToJson(ch.proof.branch[1])}}});
  return json::object{{"choices", std::move(choices)}, {"overall", CpToJson(cand.overall)}};
}

EncryptedCandidate CandidateFromJson(const json::value& c) {
  const json::object& co = c.as_object();
  EncryptedCandidate cand;
  const json::array& choices = ArrayOfSize(co.at("choices"), kChoices, "choices");
  for (size_t j = 0; j < kChoices; ++j) {
    const json::object& ch = choices[j].as_object();
    const json::array& proof = ArrayOfSize(ch.at("proof"), 2, "proof");
    cand.choices[j] = {{Bytes32(ch, "alpha"), Bytes32(ch, "beta")},
                       {{CpFromJson(proof[0]), CpFromJson(proof[1])}}};
  }
  cand.overall = CpFromJson(co.at("overall"));
  return cand;
}

}  // namespace

std::string BallotToJson(const Ballot& ballot) {
  json::array cands;
  for (const auto& entry : ballot.candidates) {
    if (entry)
      cands.push_back(CandidateToJson(*entry));
    else
      cands.emplace_back(nullptr);
  }
  return json::serialize(json::object{{"candidates", std::move(cands)}});
}

Ballot BallotFromJson(std::string_view text) {
  return FromJson(text, [](const json::value& v) {
    Ballot b;
    for (const json::value& c : v.as_object().at("candidates").as_array()) {
      if (c.is_null())
        b.candidates.emplace_back(std::nullopt);
      else
        b.candidates.emplace_back(CandidateFromJson(c));
    }
    return b;
  });
}

std::string TallyToJson(const Tally& tally) {
  json::array out;
  for (const auto& row : tally) {
    json::array r;
    for (const Ciphertext& ct : row)
      r.push_back(json::object{{"alpha", Hex(ct.alpha)}, {"beta", Hex(ct.beta)}});
    out.push_back(std::move(r));
  }
  return json::serialize(out);
}

Tally TallyFromJson(std::string_view text) {
  return FromJson(text, [](const json::value& v) {
    Tally t;
    for (const json::value& row : v.as_array()) {
      const json::array& r = ArrayOfSize(row, kChoices, "tally row");
      std::array<Ciphertext, kChoices> cts{};
      for (size_t j = 0; j < kChoices; ++j)
        cts[j] = {Bytes32(r[j].as_object(), "alpha"), Bytes32(r[j].as_object(), "beta")};
      t.push_back(cts);
    }
    return t;
  });
}

std::string PartialsToJson(const Partials& partials) {
  json::array out;
  for (const auto& row : partials) {
    json::array r;
    for (const PartialDecryption& p : row) r.push_back(json::parse(PartialToJson(p)));
    out.push_back(std::move(r));
  }
  return json::serialize(out);
}

Partials PartialsFromJson(std::string_view text) {
  return FromJson(text, [](const json::value& v) {
    Partials out;
    for (const json::value& row : v.as_array()) {
      const json::array& r = ArrayOfSize(row, kChoices, "partials row");
      std::array<PartialDecryption, kChoices> ps{};
      for (size_t j = 0; j < kChoices; ++j) ps[j] = PartialFromJson(json::serialize(r[j]));
      out.push_back(ps);
    }
    return out;
  });
}

}  // namespace zc::ballot
