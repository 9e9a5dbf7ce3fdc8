/*
 * gen.c: a deterministic generator of arXiv-metadata-snapshot-like JSON
 * lines for ream's benchmarks, and of their fixed query log.
 *
 *   gen corpus SIZE [SEEDDIR]   SIZE papers as JSON lines, to stdout
 *   gen extra N [SEEDDIR]       N papers submitted after the corpus (2026-07)
 *   gen queries [SEEDDIR]       the query log (class TAB query), drawn from
 *                               the vocabulary of a 100,000-paper corpus
 *   gen stats SIZE [SEEDDIR]    what a corpus looks like (words, lengths)
 *
 * Every paper is a function of its arXiv id alone (the id seeds its random
 * numbers) and the number of papers of a month grows with SIZE, so a small
 * corpus is nearly a subset of a large one: the ids of the query log exist
 * at every size from 10,000 papers up.
 *
 * Volume grows over time like arXiv's (a few thousand papers in 1992, about
 * 280,000 a year in 2025), categories shift from physics and mathematics to
 * computer science, and the papers come in the snapshot's order: new-style
 * ids (0704.0001 ...) first, then the old-style ones by archive
 * (acc-phys/..., alg-geom/..., astro-ph/...).
 *
 * The vocabulary is a Zipf distribution over a ranked word list: stopwords
 * and general academic words (their order adjusted by the word counts of
 * the seed abstracts in SEEDDIR, when given), then a long tail of
 * technical-looking words built from morphemes. A quarter of an abstract's
 * words come from its field's own pool instead, so words of a field occur
 * together. The seed files are read, never copied.
 */
#include <ctype.h>
#include <dirent.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GLOBAL_SEED 0x7265616d62656e63ULL	/* "reambenc" */
#define TAIL_WORDS 2000000	/* synthetic words after the head */
#define ZIPF_S 1.22		/* exponent of the global distribution */
#define ZIPF_Q 1.2		/* its Mandelbrot offset */
#define TOPIC_POOL 3000		/* tail words in a field's pool */
#define TOPIC_SHARE 0.2	/* abstract words drawn from the field */
#define MAX_AUTHORS 3000
#define QUERY_REF 100000	/* corpus size the query log is drawn from */

/* ---- Buffers ------------------------------------------------------------ */

typedef struct sbuf {
	char *s;
	size_t n, cap;
} sbuf;

static void die(const char *fmt, ...)
{
	va_list ap;

	fputs("gen: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		die("out of memory");
	return p;
}

static void sb_grow(sbuf *b, size_t more)
{
	if (b->n + more + 1 <= b->cap)
		return;
	while (b->n + more + 1 > b->cap)
		b->cap = b->cap ? b->cap * 2 : 256;
	b->s = realloc(b->s, b->cap);
	if (!b->s)
		die("out of memory");
}

static void sb_add(sbuf *b, const char *s, size_t n)
{
	sb_grow(b, n);
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = '\0';
}

static void sb_adds(sbuf *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

static void sb_addc(sbuf *b, char c)
{
	sb_add(b, &c, 1);
}

static void sb_printf(sbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void sb_printf(sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	sb_grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->s + b->n, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->n += (size_t)n;
}

static void sb_reset(sbuf *b)
{
	b->n = 0;
	if (b->s)
		b->s[0] = '\0';
}

/* ---- Random numbers ----------------------------------------------------- */

typedef struct rng {
	uint64_t s[4];
} rng;

static uint64_t splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t mix64(uint64_t x)
{
	return splitmix(&x);
}

static void rng_seed(rng *r, uint64_t seed)
{
	int i;

	for (i = 0; i < 4; i++)
		r->s[i] = splitmix(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

/* xoshiro256** */
static uint64_t rng_next(rng *r)
{
	uint64_t *s = r->s, res = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return res;
}

/* Uniform in [0, 1). */
static double rng_unit(rng *r)
{
	return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

/* Uniform in [lo, hi]. */
static int rng_range(rng *r, int lo, int hi)
{
	return lo + (int)(rng_unit(r) * (double)(hi - lo + 1));
}

static int chance(rng *r, double p)
{
	return rng_unit(r) < p;
}

/* A normal deviate (Box-Muller, one of the pair). */
static double rng_normal(rng *r)
{
	double u = rng_unit(r), v = rng_unit(r);

	if (u < 1e-300)
		u = 1e-300;
	return sqrt(-2 * log(u)) * cos(2 * M_PI * v);
}

static uint64_t fnv1a(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* ---- Weighted choice: Vose's alias method ------------------------------- */

typedef struct alias {
	int n;
	double *prob;
	int *alias;
} alias;

static void alias_init(alias *a, const double *w, int n)
{
	double sum = 0, *p = xmalloc(sizeof(double) * (size_t)n);
	int *small = xmalloc(sizeof(int) * (size_t)n);
	int *large = xmalloc(sizeof(int) * (size_t)n);
	int ns = 0, nl = 0, i;

	a->n = n;
	a->prob = xmalloc(sizeof(double) * (size_t)n);
	a->alias = xmalloc(sizeof(int) * (size_t)n);
	for (i = 0; i < n; i++)
		sum += w[i];
	if (sum <= 0)
		die("a distribution without weight");
	for (i = 0; i < n; i++) {
		p[i] = w[i] * n / sum;
		if (p[i] < 1)
			small[ns++] = i;
		else
			large[nl++] = i;
	}
	while (ns && nl) {
		int s = small[--ns], l = large[--nl];

		a->prob[s] = p[s];
		a->alias[s] = l;
		p[l] = p[l] + p[s] - 1;
		if (p[l] < 1)
			small[ns++] = l;
		else
			large[nl++] = l;
	}
	while (nl) {
		i = large[--nl];
		a->prob[i] = 1;
		a->alias[i] = i;
	}
	while (ns) {
		i = small[--ns];
		a->prob[i] = 1;
		a->alias[i] = i;
	}
	free(p);
	free(small);
	free(large);
}

static int alias_draw(const alias *a, rng *r)
{
	double u = rng_unit(r) * a->n;
	int i = (int)u;

	if (i >= a->n)
		i = a->n - 1;
	return u - i < a->prob[i] ? i : a->alias[i];
}

/* ---- Word lists ---------------------------------------------------------- */

/*
 * Stopwords and general academic words, roughly in the order of their
 * frequency in abstracts.
 */
static const char *const general_words[] = {
	"the", "of", "and", "a", "in", "to", "we", "is", "for", "that",
	"with", "on", "this", "by", "as", "are", "an", "be", "from", "which",
	"model", "our", "it", "at", "can", "these", "show", "results", "using",
	"based", "also", "paper", "two", "not", "new", "its", "or", "such",
	"has", "have", "method", "their", "between", "than", "data", "both",
	"approach", "problem", "one", "study", "time", "models", "field",
	"different", "present", "system", "learning", "large", "propose",
	"performance", "energy", "well", "first", "analysis", "methods",
	"into", "network", "order", "high", "over", "theory", "only", "state",
	"may", "how", "under", "function", "systems", "all", "more", "find",
	"however", "used", "when", "where", "information", "proposed", "set",
	"non", "space", "framework", "terms", "structure", "case", "number",
	"through", "obtain", "properties", "single", "work", "general",
	"low", "other", "here", "three", "existing", "effects", "small",
	"process", "each", "important", "provide", "result", "spectrum",
	"within", "power", "dynamics", "phase", "quantum", "significant",
	"further", "local", "finite", "distribution", "experiments", "demonstrate",
	"networks", "about", "class", "given", "while", "effect", "applications",
	"generalized", "due", "simple", "observed", "consider", "they", "most",
	"algorithm", "standard", "mass", "strong", "task", "real", "linear",
	"training", "its", "parameters", "was", "achieve", "efficient",
	"recent", "been", "limit", "scale", "condition", "known", "many",
	"derive", "some", "same", "particular", "potential", "evidence", "form",
	"measurements", "temperature", "magnetic", "there", "any", "possible",
	"several", "introduce", "establish", "prove", "novel", "approaches",
	"stability", "numerical", "solution", "solutions", "optimal",
	"estimate", "sample", "higher", "lower", "range", "regime", "type",
	"via", "investigate", "features", "flow", "dimensional", "random",
	"functions", "classical", "physical", "surface", "density", "signal",
	"neural", "deep", "image", "language", "agents", "graph", "graphs",
	"policy", "inference", "reasoning", "benchmark", "dataset", "datasets",
	"tasks", "evaluation", "accuracy", "robust", "control", "design",
	"complex", "matrix", "invariant", "groups", "group", "equation",
	"equations", "operator", "boundary", "conditions", "gravitational",
	"galaxies", "stars", "star", "black", "hole", "holes", "dark", "matter",
	"observations", "gauge", "symmetry", "coupling", "scattering",
	"interaction", "interactions", "particle", "particles", "electron",
	"spin", "transition", "lattice", "materials", "topological", "wave",
	"waves", "frequency", "optical", "laser", "noise", "error", "errors",
	"rate", "rates", "time", "long", "short", "term", "loss", "cost",
	"memory", "attention", "transformer", "language", "large", "scaling",
	"generation", "semantic", "visual", "video", "text", "knowledge",
	"prediction", "predictions", "learned", "trained", "train", "test",
	"samples", "sampling", "stochastic", "probability", "statistical",
	"estimation", "regression", "bayesian", "prior", "posterior",
	"computational", "computation", "complexity", "bound", "bounds",
	"upper", "proof", "theorem", "conjecture", "manifold", "manifolds",
	"algebra", "algebras", "spaces", "polynomial", "polynomials",
	"integral", "moduli", "curves", "surfaces", "category", "categories",
	"eigenvalues", "spectral", "asymptotic", "convergence", "existence",
	"uniqueness", "regularity", "weak", "nonlinear", "differential",
	"discrete", "continuous", "infinite", "dimension", "geometric",
	"geometry", "topology", "cohomology", "homology", "representation",
	"representations", "arbitrary", "respectively", "compared",
	"significantly", "moreover", "furthermore", "therefore", "thus",
	"finally", "first", "second", "third", "previous", "previously",
	"leading", "leads", "allows", "enables", "yields", "shows", "suggest",
	"suggests", "indicate", "indicates", "reveal", "reveals", "observe",
	"predicted", "measured", "calculated", "computed", "simulations",
	"simulation", "experimental", "theoretical", "analytical", "exact",
	"approximate", "approximation", "corrections", "contributions",
	"constraints", "sensitivity", "resolution", "detection", "detector",
	"sources", "source", "emission", "radiation", "x", "ray", "rays",
	"gamma", "neutrino", "neutrinos", "quark", "quarks", "higgs", "boson",
	"decay", "decays", "collisions", "cross", "section", "sections",
	"production", "events", "luminosity", "cosmological", "cosmic",
	"universe", "inflation", "redshift", "survey", "galaxy", "cluster",
	"clusters", "stellar", "solar", "planet", "planets", "disk",
	"accretion", "magnetar", "pulsar", "supernova", "nuclear", "nuclei",
	"nucleon", "chiral", "perturbation", "perturbative", "string",
	"strings", "brane", "branes", "holographic", "entropy", "entanglement",
	"qubit", "qubits", "circuit", "circuits", "superconducting",
	"superconductivity", "insulator", "insulators", "semiconductor",
	"graphene", "thin", "films", "crystal", "crystals", "defects",
	"thermal", "transport", "conductivity", "resistance", "voltage",
	"current", "currents", "charge", "electric", "electronic", "band",
	"bands", "fermi", "excitations", "modes", "mode", "oscillations",
	"resonance", "fluctuations", "correlations", "correlation", "order",
	"disorder", "critical", "exponents", "universality", "equilibrium",
	"nonequilibrium", "kinetic", "diffusion", "turbulence", "fluid",
	"velocity", "pressure", "viscosity", "heat", "cell", "cells",
	"protein", "proteins", "gene", "genes", "species", "population",
	"evolution", "evolutionary", "epidemic", "brain", "neurons", "clinical",
	"patients", "medical", "market", "markets", "price", "prices",
	"economic", "financial", "risk", "portfolio", "agents", "game",
	"games", "equilibria", "mechanism", "mechanisms", "users", "user",
	"privacy", "security", "attack", "attacks", "software", "code",
	"program", "programs", "verification", "hardware", "wireless",
	"channel", "channels", "communication", "robot", "robots", "robotic",
	"planning", "trajectory", "autonomous", "vehicle", "vehicles",
	"driving", "speech", "audio", "recognition", "segmentation",
	"detection", "object", "objects", "scene", "point", "cloud", "pose",
	"diffusion", "generative", "adversarial", "reinforcement", "reward",
	"supervised", "unsupervised", "contrastive", "pretrained", "fine",
	"tuning", "prompt", "prompts", "llms", "llm", "multimodal", "vision",
	"embedding", "embeddings", "representation", "latent", "encoder",
	"decoder", "layer", "layers", "architecture", "architectures",
	"convolutional", "recurrent", "federated", "distributed", "parallel",
	"gpu", "inference", "optimization", "gradient", "descent", "convex",
	NULL
};

/* Words titles join their phrases with. */
static const char *const title_glue[] = {
	"of", "for", "the", "and", "in", "with", "on", "a", "via", "from",
	"to", "using", "towards", "beyond", "under", "through", "without",
	"at", "by", "an", NULL
};

enum {
	G_ML, G_CV, G_NLP, G_TCS, G_SYS, G_SIGNAL, G_HEPTH, G_HEPPH, G_GRAV,
	G_ASTRO, G_CMQ, G_CMS, G_QUANT, G_ANALYSIS, G_ALGEBRA, G_GEOM,
	G_PROB, G_PHYS, G_BIO, G_ECON, NGROUPS
};

/* Each field's own words, most frequent first. */
static const char *const topic_words[NGROUPS][48] = {
	[G_ML] = { "learning", "neural", "networks", "training", "model",
		"models", "deep", "gradient", "optimization", "reinforcement",
		"policy", "generalization", "regularization", "loss",
		"classification", "features", "supervised", "kernel",
		"adversarial", "robustness", "transformers", "federated",
		"overparameterized", "stochastic", "datasets", "benchmarks",
		"pretraining", "representations", "agents", "reward",
		"exploration", "bandits", "regret", "diffusion", "generative",
		"variational", "autoencoder", "graph", "gnn", "embeddings",
		"hyperparameter", "sgd", "minibatch", "dropout", "ensembles",
		"calibration", "uncertainty", NULL },
	[G_CV] = { "image", "images", "visual", "video", "segmentation",
		"detection", "object", "camera", "pixel", "convolutional",
		"resolution", "depth", "3d", "pose", "tracking", "scene",
		"rendering", "point", "clouds", "nerf", "gaussian", "splatting",
		"generation", "editing", "diffusion", "vit", "backbone",
		"recognition", "face", "facial", "medical", "mri", "ct",
		"lidar", "stereo", "optical", "flow", "inpainting", "denoising",
		"super", "captioning", "vqa", "multimodal", "clip", "zero",
		"shot", "annotations", NULL },
	[G_NLP] = { "language", "models", "llms", "text", "translation",
		"tokens", "prompting", "reasoning", "instruction", "tuning",
		"dialogue", "question", "answering", "retrieval", "generation",
		"corpus", "bert", "gpt", "multilingual", "speech", "summarization",
		"sentiment", "entity", "parsing", "syntactic", "semantic",
		"hallucination", "alignment", "rlhf", "chain", "thought",
		"benchmark", "evaluation", "annotators", "lexical", "words",
		"sentences", "documents", "search", "ranking", "queries",
		"recommendation", "users", "knowledge", "rag", "agents",
		"tokenization", NULL },
	[G_TCS] = { "algorithm", "algorithms", "complexity", "polynomial",
		"np", "hard", "approximation", "graphs", "vertices", "edges",
		"bound", "lower", "upper", "time", "query", "deterministic",
		"randomized", "streaming", "sublinear", "combinatorial",
		"matching", "flow", "cut", "sat", "boolean", "circuits",
		"automata", "languages", "regular", "logic", "proof",
		"verification", "semantics", "types", "lambda", "calculus",
		"games", "equilibrium", "mechanism", "auction", "geometric",
		"voronoi", "triangulation", "hashing", "sorting", "parameterized",
		"kernelization", NULL },
	[G_SYS] = { "network", "wireless", "protocol", "latency",
		"throughput", "scheduling", "cloud", "edge", "energy", "iot",
		"security", "attacks", "privacy", "blockchain", "smart",
		"contracts", "software", "bugs", "code", "testing", "developers",
		"repositories", "robot", "robots", "manipulation", "grasping",
		"navigation", "slam", "control", "controller", "mpc", "power",
		"grid", "vehicles", "autonomous", "drones", "uav", "sensor",
		"sensors", "distributed", "consensus", "fault", "tolerance",
		"storage", "database", "queries", "compiler", NULL },
	[G_SIGNAL] = { "channel", "capacity", "coding", "codes", "mimo",
		"beamforming", "signal", "signals", "estimation", "sparse",
		"compressed", "sensing", "radar", "antenna", "ofdm", "modulation",
		"decoding", "ldpc", "polar", "rate", "distortion", "entropy",
		"mutual", "information", "secrecy", "noise", "filter",
		"filtering", "kalman", "spectrum", "frequency", "audio",
		"acoustic", "speech", "speaker", "music", "sound", "array",
		"localization", "interference", "fading", "users", "downlink",
		"uplink", "ris", "satellite", "6g", NULL },
	[G_HEPTH] = { "string", "gauge", "supersymmetric", "brane",
		"holographic", "ads", "cft", "conformal", "duality", "black",
		"hole", "entropy", "anomaly", "yang", "mills", "superstring",
		"compactification", "moduli", "instantons", "solitons",
		"integrable", "bootstrap", "amplitudes", "scattering",
		"wilson", "loops", "chern", "simons", "topological",
		"noncommutative", "supergravity", "kaluza", "klein", "vacua",
		"landscape", "swampland", "dimensions", "dual", "spacetime",
		"entanglement", "renormalization", "lagrangian", "symmetries",
		"hamiltonian", "quantization", "matrix", "twistor", NULL },
	[G_HEPPH] = { "lhc", "higgs", "quark", "quarks", "gluon", "qcd",
		"neutrino", "neutrinos", "mass", "decays", "decay", "cross",
		"section", "collider", "events", "luminosity", "tev", "gev",
		"lepton", "leptons", "hadron", "hadronic", "meson", "mesons",
		"baryon", "lattice", "chiral", "standard", "model", "beyond",
		"dark", "matter", "axion", "electroweak", "cp", "violation",
		"flavor", "jets", "jet", "atlas", "cms", "detector", "pion",
		"kaon", "nuclear", "heavy", "ion", NULL },
	[G_GRAV] = { "gravitational", "waves", "black", "holes", "einstein",
		"relativity", "spacetime", "metric", "cosmological", "inflation",
		"dark", "energy", "universe", "cosmology", "cmb", "horizon",
		"schwarzschild", "kerr", "merger", "binary", "ligo", "virgo",
		"inspiral", "ringdown", "geodesics", "curvature", "scalar",
		"tensor", "perturbations", "primordial", "bounce", "singularity",
		"wormhole", "modified", "gravity", "f", "hubble", "tension",
		"redshift", "baryon", "acoustic", "lensing", "weak", "halo",
		"neutron", "stars", "quasinormal", NULL },
	[G_ASTRO] = { "galaxies", "galaxy", "stellar", "stars", "star",
		"formation", "emission", "telescope", "observations", "survey",
		"spectroscopic", "photometric", "redshift", "cluster",
		"clusters", "agn", "quasar", "accretion", "disk", "jets",
		"supernova", "supernovae", "pulsar", "magnetar", "x", "ray",
		"radio", "infrared", "gaia", "jwst", "exoplanet", "exoplanets",
		"planetary", "transit", "solar", "flares", "corona", "dust",
		"gas", "molecular", "metallicity", "halo", "dwarf", "globular",
		"binaries", "luminosity", "mass", NULL },
	[G_CMQ] = { "superconducting", "superconductivity", "spin", "spins",
		"magnetic", "antiferromagnetic", "ferromagnetic", "electron",
		"electrons", "fermi", "band", "topological", "insulator",
		"hubbard", "kondo", "heisenberg", "frustrated", "quantum",
		"hall", "graphene", "moire", "twisted", "bilayer", "dirac",
		"weyl", "semimetal", "phonon", "phonons", "magnon", "excitons",
		"cuprates", "pairing", "gap", "doping", "orbital", "lattice",
		"transport", "conductance", "tunneling", "quantum", "dots",
		"nanowires", "majorana", "edge", "states", "correlated", "mott",
		NULL },
	[G_CMS] = { "polymer", "polymers", "colloids", "glass", "jamming",
		"granular", "active", "matter", "liquid", "crystal", "defects",
		"elastic", "phase", "transition", "critical", "monte", "carlo",
		"molecular", "dynamics", "simulations", "diffusion", "brownian",
		"entropy", "thermodynamic", "nonequilibrium", "fluctuations",
		"ising", "percolation", "alloys", "thin", "films", "dft",
		"first", "principles", "surface", "interface", "oxide",
		"perovskite", "battery", "catalysis", "adsorption", "bose",
		"einstein", "condensate", "cold", "atoms", "optical", NULL },
	[G_QUANT] = { "quantum", "qubit", "qubits", "entanglement",
		"entangled", "coherence", "decoherence", "state", "states",
		"measurement", "channel", "channels", "error", "correction",
		"gates", "gate", "circuit", "circuits", "computing", "computer",
		"algorithm", "annealing", "variational", "photon", "photons",
		"photonic", "cavity", "optomechanics", "squeezed", "bell",
		"nonlocality", "teleportation", "key", "distribution", "qkd",
		"trapped", "ions", "superconducting", "transmon", "fidelity",
		"hamiltonian", "hilbert", "unitary", "open", "lindblad",
		"metrology", NULL },
	[G_ANALYSIS] = { "equation", "equations", "solutions", "existence",
		"uniqueness", "regularity", "boundary", "nonlinear",
		"elliptic", "parabolic", "hyperbolic", "sobolev", "estimates",
		"operator", "operators", "banach", "hilbert", "spectral",
		"eigenvalue", "laplacian", "navier", "stokes", "schrodinger",
		"wave", "blow", "global", "well", "posedness", "weak",
		"harmonic", "inequality", "inequalities", "convergence",
		"numerical", "finite", "element", "scheme", "discretization",
		"stability", "semigroup", "fractional", "measure", "measures",
		"ergodic", "dynamical", "attractor", "bifurcation", NULL },
	[G_ALGEBRA] = { "algebra", "algebras", "group", "groups", "ring",
		"rings", "module", "modules", "ideal", "ideals", "field",
		"fields", "galois", "prime", "primes", "number", "modular",
		"forms", "elliptic", "curves", "varieties", "scheme", "schemes",
		"sheaves", "cohomology", "moduli", "stacks", "derived",
		"category", "categories", "functor", "representation",
		"representations", "lie", "hopf", "quantum", "character",
		"characters", "automorphic", "zeta", "l", "functions",
		"arithmetic", "diophantine", "abelian", "finite", "polynomial",
		NULL },
	[G_GEOM] = { "manifold", "manifolds", "riemannian", "curvature",
		"metric", "metrics", "surfaces", "surface", "knot", "knots",
		"invariants", "homotopy", "homology", "symplectic", "kahler",
		"minimal", "ricci", "mean", "einstein", "geodesic", "convex",
		"hyperbolic", "three", "dimensional", "mapping", "class",
		"teichmuller", "foliations", "fibrations", "bundles", "vector",
		"bundle", "floer", "lagrangian", "contact", "toric",
		"polytopes", "tilings", "spheres", "embedding", "immersions",
		"isometric", "conformal", "flows", "singular", "orbifolds",
		"complex", NULL },
	[G_PROB] = { "random", "probability", "stochastic", "processes",
		"brownian", "motion", "martingale", "markov", "chains",
		"walk", "walks", "percolation", "graphs", "limit", "theorem",
		"central", "large", "deviations", "estimator", "estimators",
		"regression", "bayesian", "posterior", "inference", "sample",
		"asymptotic", "variance", "covariance", "high", "dimensional",
		"sparse", "lasso", "bootstrap", "hypothesis", "testing",
		"permutations", "combinatorial", "partitions", "tableaux",
		"coloring", "chromatic", "extremal", "ramsey", "hypergraph",
		"matroid", "posets", "enumeration", NULL },
	[G_PHYS] = { "fluid", "flow", "turbulence", "turbulent", "reynolds",
		"vortex", "plasma", "laser", "optical", "optics", "photonic",
		"waveguide", "metamaterials", "nonlinear", "chaos", "chaotic",
		"solitons", "synchronization", "oscillators", "networks",
		"complex", "social", "epidemic", "spreading", "traffic",
		"detector", "calibration", "beam", "accelerator", "instrument",
		"climate", "ocean", "atmospheric", "earthquake", "seismic",
		"acoustic", "granular", "droplet", "bubbles", "convection",
		"rheology", "heat", "transfer", "combustion", "aerodynamic",
		"education", "students", NULL },
	[G_BIO] = { "protein", "proteins", "cells", "cell", "gene", "genes",
		"expression", "genomic", "sequencing", "dna", "rna", "evolution",
		"evolutionary", "fitness", "mutation", "selection", "population",
		"populations", "species", "ecological", "epidemic", "infection",
		"virus", "covid", "transmission", "neurons", "neuronal",
		"brain", "cortex", "synaptic", "spiking", "plasticity",
		"membrane", "molecular", "binding", "folding", "enzyme",
		"metabolic", "pathways", "tumor", "cancer", "drug", "clinical",
		"patients", "tissue", "bacteria", "microbial", NULL },
	[G_ECON] = { "market", "markets", "price", "prices", "pricing",
		"option", "options", "volatility", "portfolio", "risk", "asset",
		"assets", "returns", "trading", "financial", "stock", "bank",
		"credit", "insurance", "economic", "economy", "policy", "welfare",
		"labor", "wage", "inequality", "income", "households", "firms",
		"competition", "auctions", "equilibrium", "agents", "utility",
		"preferences", "voting", "social", "choice", "causal",
		"treatment", "instrumental", "panel", "econometric",
		"forecasting", "inflation", "monetary", "trade", NULL },
};

/* Morphemes of the synthetic tail words. */
static const char *const morph_pre[] = {
	"hyper", "sub", "poly", "neuro", "thermo", "photo", "electro",
	"magneto", "quasi", "semi", "multi", "non", "anti", "bio", "geo",
	"micro", "nano", "meta", "para", "proto", "pseudo", "super", "ultra",
	"iso", "homo", "hetero", "auto", "cyber", "chrono", "cryo", "di",
	"tri", "tetra", "mono", "inter", "intra", "trans", "re", "co", "de",
	"pre", "post", "over", "under", "counter", "endo", "exo", "hydro",
	"aero", "astro", NULL
};
static const char *const morph_root[] = {
	"graph", "morph", "phon", "tron", "scop", "log", "metr", "lys",
	"plas", "gen", "therm", "mag", "spect", "cycl", "top", "chrom", "kin",
	"dyn", "stat", "form", "struct", "vert", "duct", "fract", "flux",
	"sorb", "lat", "pol", "mer", "cell", "lin", "grad", "port", "pos",
	"sens", "tens", "cod", "mod", "nom", "phas", "quant", "spin", "vort",
	"fluor", "cond", "fer", "mut", "tract", "ject", "press", "solv",
	"volt", "lum", "son", "tom", "path", "phil", "phob", "troph", "zym",
	NULL
};
static const char *const morph_suf[] = {
	"ic", "ical", "ism", "ity", "ation", "ous", "al", "ive", "ize",
	"ized", "ization", "on", "ons", "ar", "ary", "ene", "ide", "ite",
	"oid", "ular", "ance", "ence", "er", "ers", "ing", "ed", "ics", "y",
	"ant", "ate", "ates", "ion", "ions", "ometry", "ogram", NULL
};

/*
 * Surnames, most frequent on arXiv first (roughly), from many cultures.
 * Accented names are written in UTF-8 here; the generator writes some of
 * them in TeX as arXiv's metadata often does.
 */
static const char *const surnames[] = {
	"Wang", "Zhang", "Li", "Liu", "Chen", "Yang", "Kim", "Huang", "Zhao",
	"Wu", "Zhou", "Lee", "Xu", "Sun", "Lin", "Ma", "Zhu", "Hu", "Guo",
	"He", "Gao", "Smith", "Park", "Luo", "Zheng", "Liang", "Nguyen",
	"Kumar", "Singh", "Müller", "Xie", "Song", "Tang", "Han", "Feng",
	"Deng", "Cao", "Peng", "Choi", "Jiang", "Yu", "Tanaka", "Sato",
	"Suzuki", "Johnson", "Williams", "Brown", "Jones", "García",
	"Martínez", "Rodríguez", "Schmidt", "Schneider", "Fischer", "Weber",
	"Rossi", "Russo", "Ferrari", "Martin", "Bernard", "Dubois", "Ivanov",
	"Smirnov", "Kuznetsov", "Popov", "Petrov", "Sharma", "Gupta", "Patel",
	"Das", "Ghosh", "Chakraborty", "Mukherjee", "Banerjee", "Bhattacharya",
	"Takahashi", "Watanabe", "Yamamoto", "Nakamura", "Kobayashi", "Ito",
	"Yoshida", "Kato", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim",
	"Shin", "Hwang", "Ahn", "Tran", "Le", "Pham", "Hoang", "Nguyễn",
	"Trần", "Lê", "Phạm", "Hernández", "López", "González", "Pérez",
	"Sánchez", "Ramírez", "Torres", "Flores", "Gómez", "Díaz", "Silva",
	"Santos", "Oliveira", "Souza", "Ferreira", "Pereira", "Costa",
	"Gonçalves", "Araújo", "Meyer", "Wagner", "Becker", "Schulz",
	"Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf",
	"Schröder", "Neumann", "Krüger", "Köhler", "Zimmermann", "Braun",
	"Bianchi", "Romano", "Colombo", "Ricci", "Greco", "Bruno", "Conti",
	"De Luca", "Esposito", "Moretti", "Lefèvre", "Moreau", "Laurent",
	"Petit", "Durand", "Rousseau", "Guérin", "Faure", "Kowalski", "Nowak",
	"Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski",
	"Zieliński", "Dąbrowski", "Łukasiewicz", "Kozłowski", "Mazur",
	"Novák", "Svoboda", "Dvořák", "Černý", "Procházka", "Kučera", "Nagy",
	"Kovács", "Tóth", "Szabó", "Horváth", "Varga", "Erdős", "Papadopoulos",
	"Georgiou", "Nikolaidis", "Öztürk", "Yılmaz", "Kaya", "Demir",
	"Şahin", "Çelik", "Yıldız", "Aydın", "Cohen", "Levi", "Friedman",
	"Katz", "Goldberg", "Shapiro", "Nielsen", "Jensen", "Hansen",
	"Pedersen", "Sørensen", "Jørgensen", "Johansson", "Andersson",
	"Karlsson", "Nilsson", "Eriksson", "Ångström", "Söderberg",
	"Virtanen", "Mäkinen", "Hämäläinen", "Korhonen", "Mohammadi",
	"Hosseini", "Ahmadi", "Rezaei", "Karimi", "Khan", "Ahmed", "Ali",
	"Hussain", "Rahman", "Hossain", "Islam", "Iqbal", "Okafor", "Adeyemi",
	"Mensah", "Mwangi", "Nkosi", "de Vries", "van Dijk", "Bakker",
	"Janssen", "Visser", "de Boer", "van der Berg", "O'Brien", "Murphy",
	"Kelly", "Walsh", "Taylor", "Davies", "Evans", "Wilson", "Thomas",
	"Roberts", "Walker", "Wright", "Thompson", "White", "Hughes", "Green",
	"Hall", "Harris", "Lewis", "Clarke", "Robinson", "Anderson", "Miller",
	"Davis", "Moore", "Allen", "Young", "King", "Scott", "Baker", "Adams",
	"Nelson", "Hill", "Campbell", "Mitchell", "Carter", "Turner",
	"Parker", "Collins", "Stewart", "Morris", "Cook", "Bell", "Cooper",
	"Iyer", "Reddy", "Rao", "Nair", "Menon", "Mishra", "Verma", "Agarwal",
	"Jain", "Mehta", "Shah", "Joshi", "Kulkarni", "Srinivasan",
	"Krishnan", "Subramanian", "Ramanujan", "Pan", "Yuan", "Cai", "Du",
	"Ye", "Cheng", "Wei", "Su", "Ding", "Ren", "Shen", "Yao", "Lu", "Cui",
	"Zhong", "Tan", "Dong", "Tian", "Fan", "Qian", "Kwon", "Seo", "Hong",
	"Yamada", "Sasaki", "Matsumoto", "Inoue", "Kimura", "Hayashi",
	"Shimizu", "Vasiliev", "Sokolov", "Novikov", "Fedorov", "Morozov",
	"Volkov", "Lebedev", "Kozlov", "Schwarz", "Hartmann", "Lange",
	"Werner", "Krause", "Lehmann", "Mancini", "Giordano", "Lombardi",
	"Marino", "Gallo", "Blanc", "Simon", "Michel", "Garnier", "Ribeiro",
	"Carvalho", "Alves", "Lima", "Rodrigues", "Fernandes", "Navarro",
	"Romero", "Ruiz", "Álvarez", "Muñoz", "Jiménez", "Moreno", "Castillo",
	"Ortiz", "Vargas", "Núñez", "Peña", "Ibáñez", "Schrödinger",
	"Poincaré", "Gödel", "Weiß", "Strauß", "Østergaard", "Ødegård",
	"Björk", "Åberg", "Ćwik", "Đorđević", "Jovanović", "Petrović",
	"Nikolić", "Marković", "Horvat", "Kovačević", "Babić", "Rüdiger",
	NULL
};

static const char *const given_names[] = {
	"Wei", "Jing", "Yi", "Xiao", "Hao", "Jun", "Lei", "Yang", "Min",
	"Hui", "Jie", "Ying", "Chen", "Ming", "Yu", "Tao", "Feng", "Bo",
	"Ji-Hoon", "Seung", "Min-Jun", "Hyun", "Takashi", "Yuki", "Hiroshi",
	"Kenji", "Akira", "John", "David", "Michael", "James", "Robert",
	"Daniel", "Thomas", "Andrew", "Peter", "Paul", "Mark", "Richard",
	"Sarah", "Maria", "Anna", "Laura", "Emily", "Elena", "Julia", "Sofia",
	"Alexander", "Sergey", "Dmitry", "Andrei", "Ivan", "Nikolai", "Olga",
	"Natalia", "Jean-Pierre", "Pierre", "François", "Sébastien", "Hélène",
	"Marie", "Jürgen", "Stefan", "Matthias", "Andreas", "Jörg", "Björn",
	"Søren", "Lars", "Anders", "Mikael", "Giuseppe", "Marco", "Luca",
	"Francesco", "Alessandro", "Giulia", "José", "Juan", "Carlos", "Luis",
	"Javier", "Ana", "Lucía", "João", "Pedro", "André", "Rahul", "Amit",
	"Priya", "Anil", "Sanjay", "Arjun", "Deepak", "Rajesh", "Mohammad",
	"Ali", "Reza", "Fatemeh", "Ahmed", "Omar", "Mehmet", "Ayşe", "Mustafa",
	"Łukasz", "Krzysztof", "Piotr", "Tomasz", "Małgorzata", "Jiří",
	"Tomáš", "Zoltán", "Gábor", "Péter", "Dimitrios", "Nikos", "Yosef",
	"Avi", "Chidi", "Kwame", "Thanh", "Minh", "Huong", "Duc", "Anh",
	NULL
};

/* TeX spellings arXiv uses for letters with accents. */
static const struct {
	const char *utf8, *tex;
} tex_letters[] = {
	{ "ä", "\\\"a" }, { "ö", "\\\"o" }, { "ü", "\\\"u" },
	{ "Ö", "\\\"O" }, { "Ü", "\\\"U" }, { "Ä", "\\\"A" },
	{ "é", "\\'e" }, { "á", "\\'a" }, { "í", "\\'i" }, { "ó", "\\'o" },
	{ "ú", "\\'u" }, { "ý", "\\'y" }, { "ń", "\\'n" }, { "ś", "\\'s" },
	{ "ź", "\\'z" }, { "ć", "\\'c" }, { "Ć", "\\'C" }, { "Á", "\\'A" },
	{ "è", "\\`e" }, { "à", "\\`a" }, { "ç", "\\c{c}" },
	{ "ş", "\\c{s}" }, { "Ş", "\\c{S}" }, { "ñ", "\\~n" },
	{ "ã", "\\~a" }, { "õ", "\\~o" }, { "š", "\\v{s}" },
	{ "č", "\\v{c}" }, { "ř", "\\v{r}" }, { "ž", "\\v{z}" },
	{ "ě", "\\v{e}" }, { "Č", "\\v{C}" }, { "ő", "\\H{o}" },
	{ "ł", "{\\l}" }, { "Ł", "{\\L}" }, { "ø", "{\\o}" }, { "Ø", "{\\O}" },
	{ "å", "{\\aa}" }, { "Å", "{\\AA}" }, { "ß", "{\\ss}" },
	{ "ı", "{\\i}" }, { "ğ", "\\u{g}" }, { "ą", "\\k{a}" },
	{ "ę", "\\k{e}" }, { "ż", "\\.z" }, { "ê", "\\^e" }, { "ô", "\\^o" },
	{ "ï", "\\\"i" }, { "ë", "\\\"e" }, { "æ", "{\\ae}" },
	{ "Đ", "{\\DJ}" }, { "đ", "{\\dj}" }, { "Ç", "\\c{C}" },
	{ NULL, NULL }
};

/* Bits of TeX a few titles carry. */
static const char *const title_tex[] = {
	"$\\alpha$", "$\\mathcal{N}=4$", "$SU(N)$", "Schr\\\"odinger",
	"Schr{\\\"o}dinger", "$L^2$", "$p$-adic", "$\\ell_1$", "Poincar\\'e",
	"$k$-means", "$O(n\\log n)$", "$\\beta$-decay", "$Z_2$", "G{\\\"o}del",
	"$\\Lambda$CDM", "Erd\\H{o}s", "$\\sqrt{s}=13$ TeV", "$\\pi$",
	"$\\mathbb{Z}$", "$H_\\infty$", "K\\\"ahler", "$\\epsilon$-net",
	NULL
};

/* Bits of TeX some abstracts carry. */
static const char *const abstract_tex[] = {
	"$O(n^2)$", "$\\alpha$", "$10^{-3}$", "$\\mathcal{O}(1)$",
	"$d=3$", "$T_c$", "$\\sigma_8$", "$H_0$", "$N \\to \\infty$",
	"$\\sqrt{n}$", "$p < 0.05$", "$z \\sim 2$", "$\\lambda$",
	"$\\ell^p$", "$\\Delta E$", "$1/N$", "$\\mathbb{R}^n$", "$k$",
	NULL
};

static size_t count_of(const char *const *list)
{
	size_t n = 0;

	while (list[n])
		n++;
	return n;
}

/* ---- The vocabulary ----------------------------------------------------- */

typedef struct vocab {
	char **word;		/* by rank */
	int n;
	int head;		/* ranks before the synthetic tail */
	alias global;
	const char **pool[NGROUPS];
	int npool[NGROUPS];
	alias topic[NGROUPS];
} vocab;

static vocab V;

/* The seed abstracts' word counts, lower case, letters only. */
typedef struct seedword {
	char *w;
	int count;
} seedword;

static int seedword_cmp(const void *a, const void *b)
{
	const seedword *x = a, *y = b;

	if (x->count != y->count)
		return y->count - x->count;
	return strcmp(x->w, y->w);
}

static seedword *read_seeds(const char *dir, int *nout)
{
	seedword *sw = NULL;
	int n = 0, cap = 0, i;
	struct dirent **ents;
	int nent, e;

	*nout = 0;
	if (!dir)
		return NULL;
	nent = scandir(dir, &ents, NULL, alphasort);
	if (nent < 0) {
		fprintf(stderr, "gen: cannot read seed folder %s; using the "
			"built-in word lists only\n", dir);
		return NULL;
	}
	for (e = 0; e < nent; e++) {
		char path[4096], word[64];
		FILE *f;
		int c, len = 0, upper = 0;

		if (!strstr(ents[e]->d_name, ".txt")) {
			free(ents[e]);
			continue;
		}
		snprintf(path, sizeof path, "%s/%s", dir, ents[e]->d_name);
		free(ents[e]);
		if (!(f = fopen(path, "rb")))
			continue;
		do {
			c = fgetc(f);
			if (c != EOF && isalpha(c) && len < 63) {
				upper |= isupper(c) && len > 0;
				word[len++] = (char)tolower(c);
				continue;
			}
			if (c != EOF && isalnum(c)) {
				upper = 1;	/* digits: a name, not a word */
				continue;
			}
			if (len >= 2 && !upper) {
				word[len] = '\0';
				for (i = 0; i < n; i++)
					if (strcmp(sw[i].w, word) == 0)
						break;
				if (i < n) {
					sw[i].count++;
				} else {
					if (n == cap) {
						cap = cap ? cap * 2 : 512;
						sw = realloc(sw, sizeof *sw *
							     (size_t)cap);
						if (!sw)
							die("out of memory");
					}
					sw[n].w = strdup(word);
					sw[n].count = 1;
					n++;
				}
			}
			len = 0;
			upper = 0;
		} while (c != EOF);
		fclose(f);
	}
	free(ents);
	qsort(sw, (size_t)n, sizeof *sw, seedword_cmp);
	*nout = n;
	return sw;
}

/* A synthetic tail word, made from its rank alone. */
static char *tail_word(int idx)
{
	uint64_t h = mix64((uint64_t)idx * 0x9e3779b97f4a7c15ULL + 17);
	static size_t npre, nroot, nsuf;
	char buf[64];
	size_t n = 0;

	if (!npre) {
		npre = count_of(morph_pre);
		nroot = count_of(morph_root);
		nsuf = count_of(morph_suf);
	}
	if (h % 100 < 7) {
		/* An acronym-like name: GMU, ResNet50, SAS... */
		int len = 2 + (int)((h >> 8) % 4), i;

		for (i = 0; i < len; i++)
			buf[n++] = (char)('a' + (h >> (12 + 5 * i)) % 26);
		if ((h >> 40) % 3 == 0)
			n += (size_t)snprintf(buf + n, 8, "%d",
					      (int)((h >> 44) % 100));
		buf[n] = '\0';
		return strdup(buf);
	}
	h >>= 7;
	if (h % 10 < 3) {
		n += (size_t)snprintf(buf + n, sizeof buf - n, "%s",
				      morph_pre[(h >> 4) % npre]);
	}
	h = mix64(h);
	n += (size_t)snprintf(buf + n, sizeof buf - n, "%s",
			      morph_root[h % nroot]);
	if ((h >> 8) % 10 < 2)
		n += (size_t)snprintf(buf + n, sizeof buf - n, "o%s",
				      morph_root[(h >> 12) % nroot]);
	if ((h >> 20) % 10 < 8)
		n += (size_t)snprintf(buf + n, sizeof buf - n, "%s",
				      morph_suf[(h >> 24) % nsuf]);
	return strdup(buf);
}

typedef struct ranked {
	const char *w;
	double f;
} ranked;

static int ranked_cmp(const void *a, const void *b)
{
	const ranked *x = a, *y = b;

	if (x->f != y->f)
		return x->f < y->f ? 1 : -1;
	return strcmp(x->w, y->w);
}

/*
 * Builds the ranked vocabulary: the general list and the seed words merged
 * by an estimated frequency, then the tail; and the field pools.
 */
static void vocab_init(const char *seeddir)
{
	int nseed, ngen = (int)count_of(general_words), nh = 0, i, j, g;
	seedword *sw = read_seeds(seeddir, &nseed);
	ranked *h = xmalloc(sizeof *h * (size_t)(ngen + nseed + 1));
	double total = 0, *w;
	long seedtot = 0;

	for (i = 0; i < nseed; i++)
		seedtot += sw[i].count;
	/* The general list's position is a Zipf prior; the seeds refine it. */
	for (i = 0; i < ngen; i++) {
		for (j = 0; j < nh; j++)
			if (strcmp(h[j].w, general_words[i]) == 0)
				break;
		if (j < nh)
			continue;	/* listed twice */
		h[nh].w = general_words[i];
		h[nh].f = 0.08 / pow(i + 1.5, 1.0);
		nh++;
	}
	for (i = 0; i < nseed; i++) {
		double f = seedtot ? (double)sw[i].count / (double)seedtot : 0;

		for (j = 0; j < nh; j++)
			if (strcmp(h[j].w, sw[i].w) == 0)
				break;
		if (j < nh) {
			h[j].f = 0.85 * h[j].f + 0.15 * f;
		} else if (sw[i].count >= 2 && strlen(sw[i].w) > 2) {
			h[nh].w = sw[i].w;
			h[nh].f = 0.15 * f * 0.5;
			nh++;
		}
	}
	qsort(h, (size_t)nh, sizeof *h, ranked_cmp);
	V.head = nh;
	V.n = nh + TAIL_WORDS;
	V.word = xmalloc(sizeof(char *) * (size_t)V.n);
	for (i = 0; i < nh; i++)
		V.word[i] = strdup(h[i].w);
	for (i = 0; i < TAIL_WORDS; i++)
		V.word[nh + i] = tail_word(i);
	w = xmalloc(sizeof(double) * (size_t)V.n);
	for (i = 0; i < V.n; i++) {
		w[i] = 1.0 / pow(i + 1 + ZIPF_Q, ZIPF_S);
		total += w[i];
	}
	alias_init(&V.global, w, V.n);
	/* Field pools: the field's words, then tail words of its own. */
	for (g = 0; g < NGROUPS; g++) {
		int nt = (int)count_of(topic_words[g]);
		uint64_t x = 0x1000 + (uint64_t)g;

		V.npool[g] = nt + TOPIC_POOL;
		V.pool[g] = xmalloc(sizeof(char *) * (size_t)V.npool[g]);
		for (i = 0; i < nt; i++)
			V.pool[g][i] = topic_words[g][i];
		for (i = 0; i < TOPIC_POOL; i++) {
			/* Log-uniform over ranks 300 .. 600,000. */
			double u = (double)(splitmix(&x) >> 11) /
				   9007199254740992.0;
			int r = (int)(300 * exp(u * log(2000.0)));

			if (r >= V.n)
				r = V.n - 1;
			V.pool[g][nt + i] = V.word[r];
		}
		for (i = 0; i < V.npool[g]; i++)
			w[i] = 1.0 / pow(i + 2.0, 1.0);
		alias_init(&V.topic[g], w, V.npool[g]);
	}
	free(w);
	free(h);
	/* The seed words stay: the ranked list points at them. */
}

/* ---- Categories ---------------------------------------------------------- */

typedef struct category {
	const char *name;
	int group;
	double w2008, w2025;	/* share of new papers, per mille */
	int since;		/* first year */
} category;

static const category cats[] = {
	{ "cs.LG", G_ML, 6, 100, 1998 }, { "stat.ML", G_ML, 4, 15, 2007 },
	{ "cs.AI", G_ML, 5, 40, 1998 }, { "cs.NE", G_ML, 2, 4, 1998 },
	{ "cs.MA", G_ML, 1, 4, 1998 },
	{ "cs.CV", G_CV, 5, 80, 1998 }, { "eess.IV", G_CV, 0, 15, 2017 },
	{ "cs.GR", G_CV, 1, 2, 1998 }, { "cs.MM", G_CV, 1, 2, 1998 },
	{ "cs.CL", G_NLP, 3, 70, 1998 }, { "cs.IR", G_NLP, 3, 10, 1998 },
	{ "cs.DL", G_NLP, 1, 1, 1998 },
	{ "cs.DS", G_TCS, 8, 5, 1998 }, { "cs.CC", G_TCS, 4, 2, 1998 },
	{ "cs.DM", G_TCS, 4, 2, 1998 }, { "cs.LO", G_TCS, 6, 4, 1998 },
	{ "cs.FL", G_TCS, 2, 1, 1998 }, { "cs.GT", G_TCS, 2, 3, 1998 },
	{ "cs.CG", G_TCS, 2, 1.5, 1998 }, { "cs.PL", G_TCS, 3, 3, 1998 },
	{ "cs.NI", G_SYS, 8, 6, 1998 }, { "cs.CR", G_SYS, 5, 15, 1998 },
	{ "cs.SE", G_SYS, 3, 12, 1998 }, { "cs.DC", G_SYS, 4, 8, 1998 },
	{ "cs.RO", G_SYS, 2, 20, 1998 }, { "cs.SY", G_SYS, 3, 2, 1998 },
	{ "eess.SY", G_SYS, 0, 12, 2017 }, { "cs.DB", G_SYS, 2, 3, 1998 },
	{ "cs.HC", G_SYS, 1, 10, 1998 }, { "cs.CY", G_SYS, 1, 6, 1998 },
	{ "cs.SI", G_SYS, 1, 4, 1998 }, { "cs.AR", G_SYS, 1, 2, 1998 },
	{ "cs.ET", G_SYS, 0.5, 1.5, 1998 }, { "cs.OS", G_SYS, 0.5, 0.5, 1998 },
	{ "cs.IT", G_SIGNAL, 20, 12, 1998 }, { "eess.SP", G_SIGNAL, 0, 15, 2017 },
	{ "eess.AS", G_SIGNAL, 0, 8, 2017 }, { "cs.SD", G_SIGNAL, 0.5, 4, 1998 },
	{ "hep-th", G_HEPTH, 60, 20, 1991 }, { "math-ph", G_HEPTH, 15, 6, 1996 },
	{ "math.MP", G_HEPTH, 0, 0, 1996 },
	{ "hep-ph", G_HEPPH, 70, 25, 1991 }, { "hep-ex", G_HEPPH, 15, 6, 1991 },
	{ "hep-lat", G_HEPPH, 8, 3, 1991 }, { "nucl-th", G_HEPPH, 15, 6, 1991 },
	{ "nucl-ex", G_HEPPH, 7, 3, 1991 },
	{ "gr-qc", G_GRAV, 30, 15, 1991 }, { "astro-ph.CO", G_GRAV, 25, 15, 1992 },
	{ "astro-ph.GA", G_ASTRO, 30, 18, 1992 },
	{ "astro-ph.SR", G_ASTRO, 25, 12, 1992 },
	{ "astro-ph.HE", G_ASTRO, 25, 12, 1992 },
	{ "astro-ph.EP", G_ASTRO, 8, 5, 1992 },
	{ "astro-ph.IM", G_ASTRO, 5, 6, 1992 },
	{ "cond-mat.str-el", G_CMQ, 30, 10, 1991 },
	{ "cond-mat.mes-hall", G_CMQ, 30, 14, 1991 },
	{ "cond-mat.supr-con", G_CMQ, 12, 4, 1991 },
	{ "cond-mat.mtrl-sci", G_CMS, 25, 20, 1991 },
	{ "cond-mat.stat-mech", G_CMS, 25, 8, 1991 },
	{ "cond-mat.soft", G_CMS, 15, 7, 1991 },
	{ "cond-mat.dis-nn", G_CMS, 6, 3, 1991 },
	{ "cond-mat.quant-gas", G_CMS, 7, 4, 2008 },
	{ "cond-mat.other", G_CMS, 5, 2, 1991 },
	{ "quant-ph", G_QUANT, 50, 45, 1994 },
	{ "physics.optics", G_QUANT, 10, 12, 1996 },
	{ "physics.atom-ph", G_QUANT, 5, 3, 1996 },
	{ "math.AP", G_ANALYSIS, 20, 12, 1992 }, { "math.CA", G_ANALYSIS, 8, 3, 1992 },
	{ "math.FA", G_ANALYSIS, 10, 5, 1992 }, { "math.DS", G_ANALYSIS, 10, 6, 1992 },
	{ "math.NA", G_ANALYSIS, 10, 14, 1992 }, { "math.OC", G_ANALYSIS, 10, 14, 1992 },
	{ "math.SP", G_ANALYSIS, 3, 2, 1992 }, { "math.OA", G_ANALYSIS, 4, 2, 1992 },
	{ "math.CV", G_ANALYSIS, 5, 2, 1992 },
	{ "math.AG", G_ALGEBRA, 20, 8, 1992 }, { "math.NT", G_ALGEBRA, 18, 8, 1992 },
	{ "math.RT", G_ALGEBRA, 8, 4, 1992 }, { "math.GR", G_ALGEBRA, 8, 3, 1992 },
	{ "math.RA", G_ALGEBRA, 4, 2, 1992 }, { "math.AC", G_ALGEBRA, 4, 2, 1992 },
	{ "math.QA", G_ALGEBRA, 5, 2, 1992 }, { "math.KT", G_ALGEBRA, 2, 1, 1992 },
	{ "math.CT", G_ALGEBRA, 2, 2, 1992 },
	{ "math.DG", G_GEOM, 15, 7, 1992 }, { "math.GT", G_GEOM, 10, 4, 1992 },
	{ "math.AT", G_GEOM, 4, 2, 1992 }, { "math.MG", G_GEOM, 4, 2, 1992 },
	{ "math.SG", G_GEOM, 3, 1.5, 1992 }, { "math.GN", G_GEOM, 2, 0.5, 1992 },
	{ "math.PR", G_PROB, 20, 12, 1992 }, { "math.CO", G_PROB, 20, 14, 1992 },
	{ "math.ST", G_PROB, 10, 8, 1992 }, { "math.LO", G_PROB, 5, 3, 1992 },
	{ "math.HO", G_PROB, 1, 1, 1992 }, { "math.GM", G_PROB, 1, 1, 1992 },
	{ "stat.ME", G_PROB, 6, 12, 2007 }, { "stat.AP", G_PROB, 4, 8, 2007 },
	{ "stat.CO", G_PROB, 2, 3, 2007 },
	{ "physics.flu-dyn", G_PHYS, 8, 12, 1996 },
	{ "physics.soc-ph", G_PHYS, 5, 5, 1996 },
	{ "physics.plasm-ph", G_PHYS, 5, 5, 1996 },
	{ "physics.ins-det", G_PHYS, 5, 5, 1996 },
	{ "physics.gen-ph", G_PHYS, 4, 3, 1996 },
	{ "physics.comp-ph", G_PHYS, 3, 5, 1996 },
	{ "physics.class-ph", G_PHYS, 3, 2, 1996 },
	{ "physics.ao-ph", G_PHYS, 2, 4, 1996 },
	{ "physics.geo-ph", G_PHYS, 2, 3, 1996 },
	{ "physics.app-ph", G_PHYS, 0, 8, 2011 },
	{ "physics.acc-ph", G_PHYS, 2, 2, 1996 },
	{ "physics.ed-ph", G_PHYS, 1, 1, 1996 },
	{ "physics.chem-ph", G_CMS, 5, 6, 1996 },
	{ "nlin.CD", G_PHYS, 6, 3, 1993 }, { "nlin.PS", G_PHYS, 3, 2, 1993 },
	{ "nlin.SI", G_PHYS, 3, 1.5, 1993 }, { "nlin.AO", G_PHYS, 2, 1.5, 1993 },
	{ "q-bio.PE", G_BIO, 2, 3, 2003 }, { "q-bio.NC", G_BIO, 2, 3, 2003 },
	{ "q-bio.QM", G_BIO, 2, 3, 2003 }, { "q-bio.BM", G_BIO, 1, 2, 2003 },
	{ "q-bio.MN", G_BIO, 1, 1, 2003 }, { "physics.bio-ph", G_BIO, 3, 4, 1996 },
	{ "physics.med-ph", G_BIO, 2, 4, 1996 },
	{ "q-fin.ST", G_ECON, 1, 1.5, 2008 }, { "q-fin.MF", G_ECON, 1, 1.5, 2008 },
	{ "q-fin.RM", G_ECON, 0.5, 1, 2008 }, { "q-fin.PR", G_ECON, 0.5, 1, 2008 },
	{ "econ.EM", G_ECON, 0, 3, 2017 }, { "econ.GN", G_ECON, 0, 3, 2017 },
	{ "econ.TH", G_ECON, 0, 2, 2017 },
};
#define NCATS ((int)(sizeof cats / sizeof cats[0]))

/* Archives of old-style ids (before April 2007): their share over time. */
typedef struct archive {
	const char *name;
	const char *prefix;	/* categories of the archive: "math." */
	int from, to;		/* years */
	double w1992, w2006;
} archive;

static const archive archives[] = {
	{ "acc-phys", NULL, 1994, 1996, 0.1, 0.1 },
	{ "adap-org", NULL, 1993, 1999, 0.3, 0.3 },
	{ "alg-geom", NULL, 1992, 1997, 2.5, 2.5 },
	{ "astro-ph", NULL, 1992, 2007, 5, 17 },
	{ "chao-dyn", NULL, 1993, 1999, 1.2, 1.2 },
	{ "chem-ph", NULL, 1994, 1996, 0.3, 0.3 },
	{ "cmp-lg", NULL, 1994, 1998, 0.4, 0.4 },
	{ "cond-mat", "cond-mat.", 1992, 2007, 15, 19 },
	{ "cs", "cs.", 1993, 2007, 0.3, 5 },
	{ "dg-ga", NULL, 1994, 1997, 0.6, 0.6 },
	{ "funct-an", NULL, 1992, 1997, 0.8, 0.8 },
	{ "gr-qc", NULL, 1992, 2007, 4, 3.5 },
	{ "hep-ex", NULL, 1992, 2007, 2, 2 },
	{ "hep-lat", NULL, 1992, 2007, 5, 2 },
	{ "hep-ph", NULL, 1992, 2007, 20, 9 },
	{ "hep-th", NULL, 1991, 2007, 25, 7 },
	{ "math", "math.", 1992, 2007, 4, 20 },
	{ "math-ph", NULL, 1996, 2007, 2, 2 },
	{ "mtrl-th", NULL, 1994, 1996, 0.3, 0.3 },
	{ "nlin", "nlin.", 2000, 2007, 1.5, 1.5 },
	{ "nucl-ex", NULL, 1994, 2007, 0.5, 1 },
	{ "nucl-th", NULL, 1992, 2007, 3, 2.5 },
	{ "patt-sol", NULL, 1993, 1999, 0.3, 0.3 },
	{ "physics", "physics.", 1996, 2007, 1, 5 },
	{ "q-alg", NULL, 1994, 1997, 0.7, 0.7 },
	{ "q-bio", "q-bio.", 2003, 2007, 1, 1 },
	{ "quant-ph", NULL, 1994, 2007, 3, 7 },
	{ "solv-int", NULL, 1993, 1999, 0.5, 0.5 },
	{ "supr-con", NULL, 1994, 1996, 0.3, 0.3 },
};
#define NARCH ((int)(sizeof archives / sizeof archives[0]))

/* The topic group of an old archive without subject classes. */
static int archive_group(const char *a)
{
	static const struct {
		const char *a;
		int g;
	} map[] = {
		{ "acc-phys", G_PHYS }, { "adap-org", G_PHYS },
		{ "alg-geom", G_ALGEBRA }, { "astro-ph", G_ASTRO },
		{ "chao-dyn", G_PHYS }, { "chem-ph", G_CMS },
		{ "cmp-lg", G_NLP }, { "dg-ga", G_GEOM },
		{ "funct-an", G_ANALYSIS }, { "gr-qc", G_GRAV },
		{ "hep-ex", G_HEPPH }, { "hep-lat", G_HEPPH },
		{ "hep-ph", G_HEPPH }, { "hep-th", G_HEPTH },
		{ "math-ph", G_HEPTH }, { "mtrl-th", G_CMS },
		{ "nucl-ex", G_HEPPH }, { "nucl-th", G_HEPPH },
		{ "patt-sol", G_PHYS }, { "q-alg", G_ALGEBRA },
		{ "quant-ph", G_QUANT }, { "solv-int", G_PHYS },
		{ "supr-con", G_CMQ },
	};
	size_t i;

	for (i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(map[i].a, a) == 0)
			return map[i].g;
	return G_PHYS;
}

static double cat_weight(const category *c, double year)
{
	double t = (year - 2008) / (2025 - 2008), w;

	if (year < c->since)
		return 0;
	if (t < 0)
		t = 0;
	if (t > 1.1)
		t = 1.1;
	w = c->w2008 + (c->w2025 - c->w2008) * t;
	if (c->w2008 == 0 && year >= c->since)
		w = c->w2025 * (year - c->since + 1) / (2025 - c->since + 1);
	return w > 0 ? w : 0;
}

static int cat_index(const char *name)
{
	int i;

	for (i = 0; i < NCATS; i++)
		if (strcmp(cats[i].name, name) == 0)
			return i;
	return -1;
}

/* Primary-category choice for new-style papers, per year 2007..2026. */
static alias new_cats[20];
/* Secondary choice: any category, by year; within a group. */
static alias group_cats[NGROUPS];
static int group_members[NGROUPS][64], group_count[NGROUPS];

static void cats_init(void)
{
	double w[NCATS];
	int y, i, g;

	for (y = 2007; y <= 2026; y++) {
		for (i = 0; i < NCATS; i++)
			w[i] = cat_weight(&cats[i], y + 0.5);
		alias_init(&new_cats[y - 2007], w, NCATS);
	}
	for (g = 0; g < NGROUPS; g++) {
		double gw[64];

		group_count[g] = 0;
		for (i = 0; i < NCATS; i++)
			if (cats[i].group == g && group_count[g] < 64) {
				gw[group_count[g]] = cats[i].w2008 +
						     cats[i].w2025;
				group_members[g][group_count[g]++] = i;
			}
		if (group_count[g])
			alias_init(&group_cats[g], gw, group_count[g]);
	}
}

/* ---- The calendar -------------------------------------------------------- */

/* Papers a year, thousands (arXiv's growth); 1991 is Aug-Dec, 2026 Jan-Jun. */
static const double per_year[] = {
	/* 1991 */ 0.6, 3.2, 6.7, 10, 13, 15.5, 19.5, 24, 27.5, 30,
	/* 2001 */ 33, 35.5, 38, 42.5, 45, 48.5, 55.5, 58.5, 64, 70,
	/* 2011 */ 76.5, 84.5, 92.5, 97.5, 105, 113, 124, 141, 155, 178,
	/* 2021 */ 181, 186, 208, 240, 270, 290
};

#define FIRST_YEAR 1991
#define FIRST_MONTH 8
#define NMONTHS ((2026 - 1991) * 12 + (6 - 8) + 1)	/* Aug 1991..Jun 2026 */
#define NEW_STYLE_FROM ((2007 - 1991) * 12 + (4 - 8))	/* April 2007 */

static void month_of(int m, int *year, int *month)
{
	int k = m + (FIRST_MONTH - 1);

	*year = FIRST_YEAR + k / 12;
	*month = k % 12 + 1;
}

static double month_weight(int m)
{
	int y, mo;

	month_of(m, &y, &mo);
	if (y == 1991)
		return per_year[0] / 5;
	if (y == 2026)
		return per_year[y - FIRST_YEAR] / 12;
	return per_year[y - FIRST_YEAR] / 12;
}

/* Papers a month at size n: cumulative rounding keeps the sum exact. */
static void month_counts(long n, long *count)
{
	double total = 0, cum = 0;
	long prev = 0, upto;
	int m;

	for (m = 0; m < NMONTHS; m++)
		total += month_weight(m);
	for (m = 0; m < NMONTHS; m++) {
		cum += month_weight(m);
		upto = lround((double)n * cum / total);
		count[m] = upto - prev;
		prev = upto;
	}
}

static double archive_weight(const archive *a, double year)
{
	double t = (year - 1992) / (2006 - 1992);

	if (year < a->from || year >= a->to + 1)
		return 0;
	if (t < 0)
		t = 0;
	if (t > 1)
		t = 1;
	return a->w1992 + (a->w2006 - a->w1992) * t;
}

/* An old-style month's papers split among archives, each at most 999. */
static void archive_counts(int m, long n, long *out)
{
	double w[NARCH], total = 0, cum = 0;
	long prev = 0, upto;
	int y, mo, a;

	month_of(m, &y, &mo);
	for (a = 0; a < NARCH; a++) {
		w[a] = archive_weight(&archives[a], y + (mo - 0.5) / 12);
		total += w[a];
	}
	for (a = 0; a < NARCH; a++) {
		cum += w[a];
		upto = total > 0 ? lround((double)n * cum / total) : 0;
		out[a] = upto - prev;
		if (out[a] > 999)
			out[a] = 999;
		prev = upto;
	}
}

static int days_in(int y, int m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return d[m - 1];
}

/* Days since 1970-01-01 (Howard Hinnant's days_from_civil). */
static long days_from_civil(int y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	*y = (int)(yoe + era * 400);
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y += *m <= 2;
}

/* "Mon, 2 Apr 2007 19:18:42 GMT" for day z and second-of-day s. */
static void rfc2822(sbuf *b, long z, int s)
{
	static const char *const wd[] = { "Thu", "Fri", "Sat", "Sun", "Mon",
					  "Tue", "Wed" };
	static const char *const mn[] = { "Jan", "Feb", "Mar", "Apr", "May",
					  "Jun", "Jul", "Aug", "Sep", "Oct",
					  "Nov", "Dec" };
	int y, m, d;

	civil_from_days(z, &y, &m, &d);
	sb_printf(b, "%s, %d %s %d %02d:%02d:%02d GMT",
		  wd[((z % 7) + 7) % 7], d, mn[m - 1], y, s / 3600,
		  s / 60 % 60, s % 60);
}

/* ---- A paper -------------------------------------------------------------- */

typedef struct author {
	const char *family;
	char given[40];
	int tex;		/* write the family name in TeX */
} author;

typedef struct paper {
	char id[48];
	int year, month;
	long day;		/* of version 1, days since 1970 */
	int ncat, cat[6];	/* indices into cats; -1: the archive itself */
	const char *archive;	/* old-style: the archive name */
	int group, group2;
	sbuf title, abstract, comments, jref, doi, reportno, cats;
	author *authors;
	int nauthors;
	const char *collab;	/* a collaboration listed as an author */
	int nversions;
	long vday[6];
	int vsec[6];
	long update_day;
	int license;
	int submitter;		/* author index, or -1 */
} paper;

static int title_case_word(sbuf *b, const char *w, int cap)
{
	size_t at = b->n;

	sb_adds(b, w);
	if (cap && islower((unsigned char)b->s[at]))
		b->s[at] = (char)toupper((unsigned char)b->s[at]);
	return 0;
}

/* A content word: field-specific, or a general one that is no stopword. */
static const char *content_word(rng *r, const paper *p)
{
	if (chance(r, 0.5)) {
		int g = chance(r, 0.85) ? p->group : p->group2;

		return V.pool[g][alias_draw(&V.topic[g], r)];
	}
	for (;;) {
		int k = alias_draw(&V.global, r);

		if (k >= 60)
			return V.word[k];
	}
}

static const char *abstract_word(rng *r, const paper *p)
{
	if (chance(r, TOPIC_SHARE)) {
		int g = chance(r, 0.8) ? p->group : p->group2;

		return V.pool[g][alias_draw(&V.topic[g], r)];
	}
	return V.word[alias_draw(&V.global, r)];
}

static void make_title(rng *r, paper *p)
{
	int n = (int)lround(10 + 3 * rng_normal(r)), i, cap = chance(r, 0.55);
	size_t ntex = count_of(title_tex), nglue = count_of(title_glue);
	size_t start;

	if (n < 3)
		n = 3;
	if (n > 28)
		n = 28;
	sb_reset(&p->title);
	if (chance(r, 0.12)) {
		/* "ACRONYM: the rest" */
		const char *w = V.word[V.head + rng_range(r, 0, 200000)];

		for (; *w; w++)
			sb_addc(&p->title, (char)toupper((unsigned char)*w));
		sb_adds(&p->title, ": ");
		n--;
	}
	start = p->title.n;
	for (i = 0; i < n; i++) {
		if (p->title.n > start)
			sb_addc(&p->title, ' ');
		if (i > 0 && i < n - 1 && chance(r, 0.28)) {
			sb_adds(&p->title, title_glue[(size_t)rng_range(r, 0,
				(int)(nglue > 8 && chance(r, 0.7) ? 7 :
				      nglue - 1))]);
			continue;
		}
		if (chance(r, 0.025))
			sb_adds(&p->title, title_tex[(size_t)rng_range(r, 0,
					(int)ntex - 1)]);
		else
			title_case_word(&p->title, content_word(r, p),
					cap || p->title.n == start);
	}
	/* Long titles wrap the way the snapshot's do. */
	if (p->title.n > 72) {
		size_t k = 60;

		while (k < p->title.n && p->title.s[k] != ' ')
			k++;
		if (k < p->title.n) {
			sbuf t = { 0 };

			sb_add(&t, p->title.s, k);
			sb_adds(&t, "\n ");
			sb_adds(&t, p->title.s + k);
			free(p->title.s);
			p->title = t;
		}
	}
}

static void make_abstract(rng *r, paper *p)
{
	int words = (int)lround(142 + 45 * rng_normal(r)), done = 0;
	size_t ntex = count_of(abstract_tex), col, i;
	sbuf a = { 0 };

	if (words < 25)
		words = 25;
	if (words > 420)
		words = 420;
	while (done < words) {
		int len = rng_range(r, 8, 32), k;

		if (a.n)
			sb_addc(&a, ' ');
		for (k = 0; k < len && done < words; k++, done++) {
			const char *w;

			if (k)
				sb_addc(&a, ' ');
			if (chance(r, 0.004)) {
				sb_adds(&a, abstract_tex[(size_t)rng_range(r,
					0, (int)ntex - 1)]);
				continue;
			}
			if (chance(r, 0.01)) {
				sb_printf(&a, "%d%s", rng_range(r, 2, 100),
					  chance(r, 0.5) ? "%" : "");
				continue;
			}
			w = abstract_word(r, p);
			title_case_word(&a, w, k == 0);
			if (k > 3 && k < len - 2 && chance(r, 0.06))
				sb_addc(&a, ',');
		}
		sb_addc(&a, '.');
	}
	/* The snapshot's shape: two spaces, lines of about 76, a newline. */
	sb_reset(&p->abstract);
	sb_adds(&p->abstract, "  ");
	for (i = 0, col = 2; i < a.n; i++) {
		if (a.s[i] == ' ' && col > 72) {
			sb_addc(&p->abstract, '\n');
			col = 0;
			continue;
		}
		sb_addc(&p->abstract, a.s[i]);
		col++;
	}
	sb_addc(&p->abstract, '\n');
	free(a.s);
}

static int author_count(rng *r)
{
	double u = rng_unit(r);

	if (u < 0.15)
		return 1;
	if (u < 0.37)
		return 2;
	if (u < 0.57)
		return 3;
	if (u < 0.71)
		return 4;
	if (u < 0.80)
		return 5;
	if (u < 0.87)
		return 6;
	if (u < 0.95)
		return rng_range(r, 7, 10);
	if (u < 0.993)
		return rng_range(r, 11, 30);
	if (u < 0.9985)
		return rng_range(r, 31, 99);
	/* Collaborations: hundreds, a few thousands. */
	return (int)(100 * exp(rng_unit(r) * log(30.0)));
}

static alias surname_alias;
static int nsurnames, ngiven;

static void names_init(void)
{
	double *w;
	int i;

	nsurnames = (int)count_of(surnames);
	ngiven = (int)count_of(given_names);
	w = xmalloc(sizeof(double) * (size_t)nsurnames);
	for (i = 0; i < nsurnames; i++)
		w[i] = 1.0 / pow(i + 4.0, 0.85);
	alias_init(&surname_alias, w, nsurnames);
	free(w);
}

/* 1 when every non-ASCII letter of s has a TeX spelling. */
static int tex_able(const char *s)
{
	int ascii = 1;

	while (*s) {
		int i, found = 0;

		if ((unsigned char)*s < 0x80) {
			s++;
			continue;
		}
		ascii = 0;
		for (i = 0; tex_letters[i].utf8; i++) {
			size_t n = strlen(tex_letters[i].utf8);

			if (strncmp(s, tex_letters[i].utf8, n) == 0) {
				s += n;
				found = 1;
				break;
			}
		}
		if (!found)
			return 0;
	}
	return !ascii;
}

static void add_tex(sbuf *b, const char *s)
{
	while (*s) {
		int i, found = 0;

		if ((unsigned char)*s >= 0x80) {
			for (i = 0; tex_letters[i].utf8; i++) {
				size_t n = strlen(tex_letters[i].utf8);

				if (strncmp(s, tex_letters[i].utf8, n) == 0) {
					sb_adds(b, tex_letters[i].tex);
					s += n;
					found = 1;
					break;
				}
			}
		}
		if (!found)
			sb_addc(b, *s++);
	}
}

static void make_given(rng *r, char *out, size_t outsz)
{
	const char *g = given_names[rng_range(r, 0, ngiven - 1)];

	if (chance(r, 0.35)) {
		/* Initials: "J.", "J. M.", "J.-P." */
		unsigned char c0 = (unsigned char)g[0];
		char c = c0 < 0x80 ? (char)c0 : 'A' + (char)rng_range(r, 0, 25);

		if (strchr(g, '-') && c0 < 0x80)
			snprintf(out, outsz, "%c.-%c.", c,
				 strchr(g, '-')[1]);
		else if (chance(r, 0.3))
			snprintf(out, outsz, "%c. %c.", c,
				 'A' + (char)rng_range(r, 0, 25));
		else
			snprintf(out, outsz, "%c.", c);
		return;
	}
	snprintf(out, outsz, "%s", g);
}

static const char *const collabs[] = {
	"ATLAS", "CMS", "LHCb", "ALICE", "Belle II", "IceCube", "LIGO Scientific",
	"Fermi-LAT", "Planck", "DES", "KATRIN", "Super-Kamiokande", NULL
};

static void make_authors(rng *r, paper *p, author *buf)
{
	int n = author_count(r), i, tex_p;

	if (p->year < 2005) {
		/* Fewer authors a paper in the early years. */
		int m = author_count(r);

		n = m < n ? m : n;
	}

	p->authors = buf;
	p->nauthors = n;
	p->collab = NULL;
	tex_p = p->year < 2007 ? 85 : p->year < 2015 ? 55 : 25;
	for (i = 0; i < n; i++) {
		author *a = &buf[i];

		a->family = surnames[alias_draw(&surname_alias, r)];
		make_given(r, a->given, sizeof a->given);
		a->tex = tex_able(a->family) && rng_range(r, 0, 99) < tex_p;
	}
	if (n >= 100 && chance(r, 0.6))
		p->collab = collabs[rng_range(r, 0, (int)count_of(collabs) - 1)];
	p->submitter = chance(r, 0.8) ? 0 : rng_range(r, 0, n - 1);
}

static const char *const venues[NGROUPS][4] = {
	[G_ML] = { "Proceedings of NeurIPS %d", "ICML %d",
		   "Journal of Machine Learning Research %d (%d) %d-%d",
		   "ICLR %d" },
	[G_CV] = { "CVPR %d", "ICCV %d", "ECCV %d",
		   "IEEE Trans. Pattern Anal. Mach. Intell. %d (%d) %d-%d" },
	[G_NLP] = { "ACL %d", "EMNLP %d", "NAACL %d",
		    "Computational Linguistics %d (%d) %d-%d" },
	[G_TCS] = { "SODA %d", "STOC %d", "FOCS %d",
		    "SIAM J. Comput. %d (%d) %d-%d" },
	[G_SYS] = { "IEEE INFOCOM %d", "USENIX Security %d", "ICSE %d",
		    "IEEE Trans. Robotics %d (%d) %d-%d" },
	[G_SIGNAL] = { "IEEE Trans. Inf. Theory %d (%d) %d-%d", "ISIT %d",
		       "IEEE Trans. Signal Process. %d (%d) %d-%d",
		       "ICASSP %d" },
	[G_HEPTH] = { "JHEP %d:%d,%d", "Nucl. Phys. B %d (%d) %d-%d",
		      "Phys. Rev. D %d, %d (%d)",
		      "Commun. Math. Phys. %d (%d) %d-%d" },
	[G_HEPPH] = { "Phys. Rev. D %d, %d (%d)", "Phys. Lett. B %d (%d) %d-%d",
		      "Eur. Phys. J. C %d (%d) %d", "JHEP %d:%d,%d" },
	[G_GRAV] = { "Phys. Rev. D %d, %d (%d)",
		     "Class. Quant. Grav. %d (%d) %d",
		     "JCAP %d (%d) %d", "Gen. Rel. Grav. %d (%d) %d-%d" },
	[G_ASTRO] = { "Astrophys. J. %d (%d) %d", "Mon. Not. R. Astron. Soc. %d (%d) %d-%d",
		      "Astron. Astrophys. %d, A%d (%d)", "Astron. J. %d (%d) %d" },
	[G_CMQ] = { "Phys. Rev. B %d, %d (%d)", "Phys. Rev. Lett. %d, %d (%d)",
		    "Nature Physics %d (%d) %d-%d", "J. Phys.: Condens. Matter %d (%d) %d" },
	[G_CMS] = { "Phys. Rev. E %d, %d (%d)", "Soft Matter %d (%d) %d-%d",
		    "J. Chem. Phys. %d, %d (%d)", "Phys. Rev. Materials %d, %d (%d)" },
	[G_QUANT] = { "Phys. Rev. A %d, %d (%d)", "Phys. Rev. Lett. %d, %d (%d)",
		      "Quantum %d, %d (%d)", "New J. Phys. %d (%d) %d" },
	[G_ANALYSIS] = { "J. Differential Equations %d (%d) %d-%d",
			 "Comm. Pure Appl. Math. %d (%d) %d-%d",
			 "Arch. Ration. Mech. Anal. %d (%d) %d-%d",
			 "SIAM J. Numer. Anal. %d (%d) %d-%d" },
	[G_ALGEBRA] = { "Ann. of Math. (2) %d (%d), %d-%d",
			"Invent. Math. %d (%d) %d-%d", "J. Algebra %d (%d) %d-%d",
			"Duke Math. J. %d (%d) %d-%d" },
	[G_GEOM] = { "J. Differential Geom. %d (%d) %d-%d",
		     "Geom. Topol. %d (%d) %d-%d", "Math. Ann. %d (%d) %d-%d",
		     "Adv. Math. %d (%d) %d-%d" },
	[G_PROB] = { "Ann. Probab. %d (%d) %d-%d", "Ann. Statist. %d (%d) %d-%d",
		     "Electron. J. Combin. %d (%d) P%d",
		     "Probab. Theory Related Fields %d (%d) %d-%d" },
	[G_PHYS] = { "J. Fluid Mech. %d (%d) %d-%d", "Phys. Fluids %d, %d (%d)",
		     "Phys. Plasmas %d, %d (%d)", "Physica D %d (%d) %d-%d" },
	[G_BIO] = { "PLoS Comput. Biol. %d (%d) e%d", "J. Theor. Biol. %d (%d) %d-%d",
		    "Bioinformatics %d (%d) %d-%d", "eLife %d (%d) e%d" },
	[G_ECON] = { "Quantitative Finance %d (%d) %d-%d", "Econometrica %d (%d) %d-%d",
		     "J. Econom. Theory %d (%d) %d-%d", "Math. Finance %d (%d) %d-%d" },
};

/* A journal reference of the paper's field; numbers are made up. */
static void make_jref(rng *r, paper *p)
{
	const char *f = venues[p->group][rng_range(r, 0, 3)];
	int y = p->year + (chance(r, 0.7) ? 1 : 0), vol = rng_range(r, 1, 999);
	int a = rng_range(r, 1, 9999);
	int nconv = 0;
	const char *c;

	for (c = f; *c; c++)
		if (c[0] == '%' && c[1] == 'd')
			nconv++;
	sb_reset(&p->jref);
	/* Formats take the year alone, or volume/year/pages in some order. */
	if (nconv == 1)
		sb_printf(&p->jref, f, y);
	else if (nconv == 3)
		sb_printf(&p->jref, f, vol, a, y);
	else
		sb_printf(&p->jref, f, vol, y, a, a + rng_range(r, 5, 40));
}

/* A DOI of the paper's field; its suffix comes from the arXiv id. */
static void make_doi(rng *r, paper *p)
{
	static const char *const prefixes[] = {
		"10.1103/PhysRevD", "10.1103/PhysRevB", "10.1103/PhysRevLett",
		"10.1007/JHEP", "10.1016/j.physletb", "10.1088/1475-7516",
		"10.3847/1538-4357", "10.1093/mnras", "10.1051/0004-6361",
		"10.1007/s00220", "10.1016/j.jde", "10.4007/annals",
		"10.1109/TIT", "10.1145", "10.1109/CVPR", "10.18653/v1",
		"10.1214/aop", "10.1017/jfm", "10.1371/journal.pcbi",
		"10.22331/q", "10.1063/5.0", "10.1038/s41567"
	};
	char tok[48];
	size_t i, k = 0;

	for (i = 0; p->id[i] && k + 1 < sizeof tok; i++)
		if (isalnum((unsigned char)p->id[i]))
			tok[k++] = p->id[i];
	tok[k] = '\0';
	sb_reset(&p->doi);
	sb_printf(&p->doi, "%s.%d.%s",
		  prefixes[rng_range(r, 0, (int)(sizeof prefixes /
						 sizeof prefixes[0]) - 1)],
		  p->year + 1, tok);
}

static void make_comments(rng *r, paper *p)
{
	static const char *const extra[] = {
		"accepted for publication in %s", "to appear in %s",
		"v2: minor revisions, references added", "typos corrected",
		"published version", "code available at https://github.com/",
		"extended version of a conference paper", "%s camera-ready",
		"updated figures", "comments welcome"
	};
	static const char *const where[] = {
		"Phys. Rev. D", "JHEP", "NeurIPS", "ICML", "CVPR", "ApJ",
		"MNRAS", "Commun. Math. Phys.", "ACL", "Phys. Rev. Lett."
	};
	int k;

	sb_reset(&p->comments);
	if (chance(r, 0.22))
		return;
	if (chance(r, 0.8)) {
		sb_printf(&p->comments, "%d pages", rng_range(r, 4, 60));
		if (chance(r, 0.8))
			sb_printf(&p->comments, ", %d figures",
				  rng_range(r, 1, 20));
		if (chance(r, 0.3))
			sb_printf(&p->comments, ", %d tables",
				  rng_range(r, 1, 8));
	}
	if (chance(r, 0.35)) {
		k = rng_range(r, 0, 9);
		if (p->comments.n)
			sb_adds(&p->comments, "; ");
		sb_printf(&p->comments, extra[k], where[rng_range(r, 0, 9)]);
	}
}

/* Adds category index c unless the paper has it. */
static void add_cat(paper *p, int c)
{
	int i;

	if (c < 0 || p->ncat >= 6)
		return;
	for (i = 0; i < p->ncat; i++)
		if (p->cat[i] == c)
			return;
	p->cat[p->ncat++] = c;
}

static const char *cat_name(const paper *p, int c, int year)
{
	static char buf[32];
	const char *n = cats[c].name;

	/* astro-ph had no subject classes before 2009. */
	if (year < 2009 && strncmp(n, "astro-ph.", 9) == 0)
		return "astro-ph";
	(void)p;
	(void)buf;
	return n;
}

static void make_categories(rng *r, paper *p, int primary)
{
	double u = rng_unit(r);
	int extra = u < 0.42 ? 0 : u < 0.78 ? 1 : u < 0.92 ? 2 : u < 0.98 ? 3 : 4;
	int i, y = p->year < 2007 ? 2007 : p->year > 2026 ? 2026 : p->year;

	p->ncat = 0;
	if (primary >= 0)
		add_cat(p, primary);
	if (primary >= 0 && strcmp(cats[primary].name, "math-ph") == 0)
		add_cat(p, cat_index("math.MP") >= 0 ? cat_index("math.MP") :
			cat_index("math.AP"));
	for (i = 0; i < extra; i++) {
		int c;

		if (chance(r, 0.55) && group_count[p->group])
			c = group_members[p->group]
					 [alias_draw(&group_cats[p->group], r)];
		else
			c = alias_draw(&new_cats[y - 2007], r);
		if (cats[c].since > p->year)
			continue;
		add_cat(p, c);
	}
	p->group2 = p->ncat > 1 && p->cat[1] >= 0 ? cats[p->cat[1]].group
						  : p->group;
	sb_reset(&p->cats);
	if (p->archive && primary < 0)
		sb_adds(&p->cats, p->archive);
	for (i = 0; i < p->ncat; i++) {
		const char *n = cat_name(p, p->cat[i], p->year);

		if (p->cats.n) {
			/* astro-ph twice, from two subject classes */
			if (strcmp(n, "astro-ph") == 0 &&
			    strstr(p->cats.s, "astro-ph") &&
			    !strstr(p->cats.s, "astro-ph."))
				continue;
			sb_addc(&p->cats, ' ');
		}
		sb_adds(&p->cats, n);
	}
}

/*
 * Makes the paper with this id, submitted in month m (index from Aug
 * 1991). archive is the old-style archive, or NULL. Everything but the id
 * and month comes from the id's own random numbers.
 */
static void make_paper(paper *p, const char *id, int m, const char *arch,
		       author *abuf)
{
	rng r;
	int primary = -1, i, y, mo;
	long first;

	memset(&p->id, 0, sizeof p->id);
	snprintf(p->id, sizeof p->id, "%s", id);
	rng_seed(&r, fnv1a(id) ^ GLOBAL_SEED);
	month_of(m, &y, &mo);
	p->year = y;
	p->month = mo;
	first = days_from_civil(y, mo, 1);
	p->day = first + rng_range(&r, 0, days_in(y, mo) - 1);
	p->archive = arch;
	if (arch) {
		const archive *a = NULL;

		for (i = 0; i < NARCH; i++)
			if (strcmp(archives[i].name, arch) == 0)
				a = &archives[i];
		if (a && a->prefix) {
			double w[NCATS];
			int any = 0;
			alias al;

			for (i = 0; i < NCATS; i++) {
				w[i] = strncmp(cats[i].name, a->prefix,
					       strlen(a->prefix)) == 0
					       ? cats[i].w2008 + 0.5 : 0;
				any |= w[i] > 0;
			}
			if (any) {
				alias_init(&al, w, NCATS);
				primary = alias_draw(&al, &r);
				free(al.prob);
				free(al.alias);
			}
		} else {
			primary = cat_index(arch);
			if (primary < 0 && strcmp(arch, "astro-ph") == 0)
				primary = cat_index("astro-ph.GA");
		}
		p->group = primary >= 0 ? cats[primary].group
					: archive_group(arch);
		if (primary >= 0 && a && !a->prefix &&
		    strcmp(arch, "astro-ph") != 0 &&
		    strcmp(cats[primary].name, arch) != 0)
			primary = -1;
		if (primary < 0)
			p->group = archive_group(arch);
	} else {
		int yy = y < 2007 ? 2007 : y > 2026 ? 2026 : y;

		primary = alias_draw(&new_cats[yy - 2007], &r);
		p->group = cats[primary].group;
	}
	make_categories(&r, p, primary);
	make_authors(&r, p, abuf);
	make_title(&r, p);
	make_abstract(&r, p);
	make_comments(&r, p);
	sb_reset(&p->jref);
	if (chance(&r, y < 2015 ? 0.45 : 0.22))
		make_jref(&r, p);
	sb_reset(&p->doi);
	if (chance(&r, y < 2015 ? 0.45 : 0.3))
		make_doi(&r, p);
	sb_reset(&p->reportno);
	if ((p->group == G_HEPTH || p->group == G_HEPPH) && chance(&r, 0.25))
		sb_printf(&p->reportno, "%s-%d-%03d",
			  (const char *[]){ "CERN-TH", "SLAC-PUB", "MIT-CTP",
					    "KEK-TH", "DESY", "FERMILAB-PUB" }
			  [rng_range(&r, 0, 5)], y, rng_range(&r, 1, 400));
	/* Versions: most have one or two. */
	{
		double u = rng_unit(&r);

		p->nversions = u < 0.55 ? 1 : u < 0.85 ? 2 : u < 0.95 ? 3 :
			       rng_range(&r, 4, 6);
	}
	p->vday[0] = p->day;
	p->vsec[0] = rng_range(&r, 0, 86399);
	for (i = 1; i < p->nversions; i++) {
		p->vday[i] = p->vday[i - 1] + rng_range(&r, 1, 400);
		p->vsec[i] = rng_range(&r, 0, 86399);
	}
	p->update_day = p->vday[p->nversions - 1];
	if (y < 2007 && chance(&r, 0.6))
		p->update_day = days_from_civil(2008, 1, 1) +
				rng_range(&r, 0, 700);
	if (p->update_day < p->vday[p->nversions - 1])
		p->update_day = p->vday[p->nversions - 1];
	p->license = y < 2004 ? 0 : rng_range(&r, 0, 9);
}

/* ---- JSON ---------------------------------------------------------------- */

static void json_str(sbuf *b, const char *s, size_t n)
{
	size_t i;

	sb_addc(b, '"');
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\') {
			sb_addc(b, '\\');
			sb_addc(b, (char)c);
		} else if (c == '\n') {
			sb_adds(b, "\\n");
		} else if (c < 0x20) {
			sb_printf(b, "\\u%04x", c);
		} else {
			sb_addc(b, (char)c);
		}
	}
	sb_addc(b, '"');
}

static void json_strs(sbuf *b, const char *s)
{
	json_str(b, s, strlen(s));
}

static void json_opt(sbuf *b, const sbuf *v)
{
	if (v->n)
		json_str(b, v->s, v->n);
	else
		sb_adds(b, "null");
}

static void family_text(sbuf *b, const author *a)
{
	if (a->tex)
		add_tex(b, a->family);
	else
		sb_adds(b, a->family);
}

static void paper_json(sbuf *b, const paper *p)
{
	sbuf t = { 0 };
	int i, y, m, d;

	sb_adds(b, "{\"id\": ");
	json_strs(b, p->id);
	sb_adds(b, ", \"submitter\": ");
	{
		const author *a = &p->authors[p->submitter];

		sb_reset(&t);
		sb_printf(&t, "%s ", a->given);
		family_text(&t, a);
		json_str(b, t.s, t.n);
	}
	sb_adds(b, ", \"authors\": ");
	sb_reset(&t);
	if (p->collab)
		sb_printf(&t, "%s Collaboration: ", p->collab);
	for (i = 0; i < p->nauthors; i++) {
		if (i)
			sb_adds(&t, i == p->nauthors - 1 ? " and " : ", ");
		sb_printf(&t, "%s ", p->authors[i].given);
		family_text(&t, &p->authors[i]);
	}
	json_str(b, t.s, t.n);
	sb_adds(b, ", \"title\": ");
	json_opt(b, &p->title);
	sb_adds(b, ", \"comments\": ");
	json_opt(b, &p->comments);
	sb_adds(b, ", \"journal-ref\": ");
	json_opt(b, &p->jref);
	sb_adds(b, ", \"doi\": ");
	json_opt(b, &p->doi);
	sb_adds(b, ", \"report-no\": ");
	json_opt(b, &p->reportno);
	sb_adds(b, ", \"categories\": ");
	json_opt(b, &p->cats);
	sb_adds(b, ", \"license\": ");
	if (p->license >= 7)
		json_strs(b, "http://creativecommons.org/licenses/by/4.0/");
	else if (p->license >= 1)
		json_strs(b, "http://arxiv.org/licenses/nonexclusive-distrib/1.0/");
	else
		sb_adds(b, "null");
	sb_adds(b, ", \"abstract\": ");
	json_opt(b, &p->abstract);
	sb_adds(b, ", \"versions\": [");
	for (i = 0; i < p->nversions; i++) {
		sb_printf(b, "%s{\"version\": \"v%d\", \"created\": \"",
			  i ? ", " : "", i + 1);
		rfc2822(b, p->vday[i], p->vsec[i]);
		sb_adds(b, "\"}");
	}
	civil_from_days(p->update_day, &y, &m, &d);
	sb_printf(b, "], \"update_date\": \"%04d-%02d-%02d\", "
		  "\"authors_parsed\": [", y, m, d);
	for (i = 0; i < p->nauthors; i++) {
		sb_adds(b, i ? ", [" : "[");
		sb_reset(&t);
		family_text(&t, &p->authors[i]);
		json_str(b, t.s, t.n);
		sb_adds(b, ", ");
		json_strs(b, p->authors[i].given);
		sb_adds(b, ", \"\"]");
	}
	if (p->collab) {
		sb_reset(&t);
		sb_printf(&t, "%s Collaboration", p->collab);
		sb_adds(b, p->nauthors ? ", [" : "[");
		json_str(b, t.s, t.n);
		sb_adds(b, ", \"\", \"\"]");
	}
	sb_adds(b, "]}\n");
	free(t.s);
}

/* ---- Walking a corpus ------------------------------------------------------ */

typedef void (*paper_fn)(void *ud, const paper *p);

static int archive_cmp(const void *a, const void *b)
{
	return strcmp(archives[*(const int *)a].name,
		      archives[*(const int *)b].name);
}

/* Calls fn for each paper of a corpus of n papers, in the snapshot's order. */
static void corpus_walk(long n, paper_fn fn, void *ud)
{
	long *count = xmalloc(sizeof(long) * NMONTHS), k;
	long (*acount)[NARCH] = xmalloc(sizeof *acount * NEW_STYLE_FROM);
	author *abuf = xmalloc(sizeof(author) * MAX_AUTHORS);
	int order[NARCH], m, a, i, y, mo;
	paper p;
	char id[48];

	memset(&p, 0, sizeof p);
	month_counts(n, count);
	for (m = NEW_STYLE_FROM; m < NMONTHS; m++) {
		month_of(m, &y, &mo);
		for (k = 1; k <= count[m]; k++) {
			if (y < 2015)
				snprintf(id, sizeof id, "%02d%02d.%04ld",
					 y % 100, mo, k);
			else
				snprintf(id, sizeof id, "%02d%02d.%05ld",
					 y % 100, mo, k);
			make_paper(&p, id, m, NULL, abuf);
			fn(ud, &p);
		}
	}
	for (m = 0; m < NEW_STYLE_FROM; m++)
		archive_counts(m, count[m], acount[m]);
	for (a = 0; a < NARCH; a++)
		order[a] = a;
	qsort(order, NARCH, sizeof order[0], archive_cmp);
	for (i = 0; i < NARCH; i++) {
		a = order[i];
		for (m = 0; m < NEW_STYLE_FROM; m++) {
			month_of(m, &y, &mo);
			for (k = 1; k <= acount[m][a]; k++) {
				snprintf(id, sizeof id, "%s/%02d%02d%03ld",
					 archives[a].name, y % 100, mo, k);
				make_paper(&p, id, m, archives[a].name, abuf);
				fn(ud, &p);
			}
		}
	}
	free(count);
	free(acount);
	free(abuf);
	free(p.title.s);
	free(p.abstract.s);
	free(p.comments.s);
	free(p.jref.s);
	free(p.doi.s);
	free(p.reportno.s);
	free(p.cats.s);
}

typedef struct writer {
	sbuf b;
	FILE *f;
} writer;

static void write_paper(void *ud, const paper *p)
{
	writer *w = ud;

	sb_reset(&w->b);
	paper_json(&w->b, p);
	if (fwrite(w->b.s, 1, w->b.n, w->f) != w->b.n)
		die("cannot write the corpus");
}

/* ---- Word statistics (stats and queries) ---------------------------------- */

typedef struct wentry {
	char *w;
	int df, last;		/* document frequency; last paper counted */
	int tf;
} wentry;

typedef struct wtable {
	wentry *e;
	size_t cap, n;
} wtable;

static wentry *wt_get(wtable *t, const char *w, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i, j;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)w[i];
		h *= 0x100000001b3ULL;
	}
	if ((t->n + 1) * 2 > t->cap) {
		wtable u = { 0 };

		u.cap = t->cap ? t->cap * 2 : 1 << 16;
		u.e = calloc(u.cap, sizeof *u.e);
		if (!u.e)
			die("out of memory");
		for (i = 0; i < t->cap; i++) {
			uint64_t g = 0xcbf29ce484222325ULL;
			const char *s = t->e[i].w;

			if (!s)
				continue;
			for (; *s; s++) {
				g ^= (unsigned char)*s;
				g *= 0x100000001b3ULL;
			}
			for (j = g & (u.cap - 1); u.e[j].w; j = (j + 1) & (u.cap - 1))
				;
			u.e[j] = t->e[i];
		}
		free(t->e);
		t->e = u.e;
		t->cap = u.cap;
	}
	for (j = h & (t->cap - 1); t->e[j].w; j = (j + 1) & (t->cap - 1))
		if (strlen(t->e[j].w) == n && memcmp(t->e[j].w, w, n) == 0)
			return &t->e[j];
	t->e[j].w = xmalloc(n + 1);
	memcpy(t->e[j].w, w, n);
	t->e[j].w[n] = '\0';
	t->e[j].df = 0;
	t->e[j].last = -1;
	t->e[j].tf = 0;
	t->n++;
	return &t->e[j];
}

typedef struct stats {
	wtable words;		/* title and abstract words */
	long papers, title_words, abstract_words, abstract_chars, bytes;
	long authors, cats, maxauthors, jref, doi;
	long per_year[40];
	long ncount[8];		/* papers by author count class */
	sbuf line;
	/* For the query log: some titles, the ids of papers. */
	char **titles;
	long ntitles;
} stats;

/* Counts the letter-and-digit words of s (lower case ASCII) for paper no. */
static long count_words(stats *st, const char *s, int no)
{
	long words = 0;

	while (*s) {
		char w[128];
		size_t n = 0;

		while (*s && !isalnum((unsigned char)*s) &&
		       (unsigned char)*s < 0x80)
			s++;
		while (*s && (isalnum((unsigned char)*s) ||
			      (unsigned char)*s >= 0x80)) {
			if (n < sizeof w - 1)
				w[n++] = (char)tolower((unsigned char)*s);
			s++;
		}
		if (n) {
			wentry *e = wt_get(&st->words, w, n);

			e->tf++;
			if (e->last != no) {
				e->last = no;
				e->df++;
			}
			words++;
		}
	}
	return words;
}

static void stat_paper(void *ud, const paper *p)
{
	stats *st = ud;
	int no = (int)st->papers, i;

	st->title_words += count_words(st, p->title.s, no);
	st->abstract_words += count_words(st, p->abstract.s, no);
	st->abstract_chars += (long)p->abstract.n;
	st->authors += p->nauthors;
	if (p->nauthors > st->maxauthors)
		st->maxauthors = p->nauthors;
	i = p->nauthors <= 6 ? 0 : p->nauthors <= 30 ? 1 : p->nauthors < 100
								? 2 : 3;
	st->ncount[i]++;
	st->cats += p->ncat + (p->archive && p->ncat == 0);
	st->jref += p->jref.n > 0;
	st->doi += p->doi.n > 0;
	if (p->year >= 1991 && p->year < 2031)
		st->per_year[p->year - 1991]++;
	sb_reset(&st->line);
	paper_json(&st->line, p);
	st->bytes += (long)st->line.n;
	if (st->titles && no % 97 == 0 && st->ntitles < 4000)
		st->titles[st->ntitles++] = strdup(p->title.s);
	st->papers++;
}

static int wentry_df_cmp(const void *a, const void *b)
{
	const wentry *x = *(wentry *const *)a, *y = *(wentry *const *)b;

	if (x->df != y->df)
		return y->df - x->df;
	return strcmp(x->w, y->w);
}

static wentry **sorted_words(wtable *t, size_t *n)
{
	wentry **v = xmalloc(sizeof *v * (t->n + 1));
	size_t i, k = 0;

	for (i = 0; i < t->cap; i++)
		if (t->e[i].w)
			v[k++] = &t->e[i];
	qsort(v, k, sizeof *v, wentry_df_cmp);
	*n = k;
	return v;
}

static void print_stats(long size)
{
	stats st;
	wentry **v;
	size_t n, i;
	long y;

	memset(&st, 0, sizeof st);
	corpus_walk(size, stat_paper, &st);
	v = sorted_words(&st.words, &n);
	printf("papers %ld, %.0f bytes of JSON a paper\n", st.papers,
	       (double)st.bytes / (double)st.papers);
	printf("title words %.1f, abstract words %.1f, abstract chars %.0f\n",
	       (double)st.title_words / (double)st.papers,
	       (double)st.abstract_words / (double)st.papers,
	       (double)st.abstract_chars / (double)st.papers);
	printf("authors %.2f a paper (max %ld); 1-6: %ld, 7-30: %ld, "
	       "31-99: %ld, 100+: %ld\n",
	       (double)st.authors / (double)st.papers, st.maxauthors,
	       st.ncount[0], st.ncount[1], st.ncount[2], st.ncount[3]);
	printf("categories %.2f a paper; journal-ref %.0f%%, doi %.0f%%\n",
	       (double)st.cats / (double)st.papers,
	       100.0 * (double)st.jref / (double)st.papers,
	       100.0 * (double)st.doi / (double)st.papers);
	printf("distinct words %zu\n", n);
	for (i = 0; i < n && i < 40; i++)
		printf("  %-16s df %6.2f%%  tf %ld\n", v[i]->w,
		       100.0 * v[i]->df / (double)st.papers, (long)v[i]->tf);
	{
		long bucket[8] = { 0 };

		for (i = 0; i < n; i++) {
			int df = v[i]->df, b = df <= 1 ? 0 : df <= 10 ? 1 :
				 df <= 100 ? 2 : df <= 1000 ? 3 :
				 df <= 10000 ? 4 : 5;

			bucket[b]++;
		}
		printf("words by df: 1: %ld, 2-10: %ld, 11-100: %ld, "
		       "101-1000: %ld, 1001-10000: %ld, more: %ld\n",
		       bucket[0], bucket[1], bucket[2], bucket[3], bucket[4],
		       bucket[5]);
	}
	for (y = 0; y < 36; y++)
		printf("%s%ld:%ld", y % 6 ? "  " : "\n  ", 1991 + y,
		       st.per_year[y]);
	printf("\n");
	free(v);
}

/* ---- The query log --------------------------------------------------------- */

typedef struct qlog {
	FILE *f;
	rng r;
	int n;
} qlog;

static void q_emit(qlog *q, const char *cls, const char *s)
{
	const char *c;

	for (c = s; *c; c++)
		if (*c == '\t' || *c == '\n' || *c == '\r')
			die("a query holds a tab or newline: %s", s);
	fprintf(q->f, "%s\t%s\n", cls, s);
	q->n++;
}

static void q_emitf(qlog *q, const char *cls, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void q_emitf(qlog *q, const char *cls, const char *fmt, ...)
{
	char buf[4096];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	q_emit(q, cls, buf);
}

/* 1 when w is a plain lower-case word of letters, 3 letters or more. */
static int plain_word(const char *w)
{
	size_t n = 0;

	for (; *w; w++, n++)
		if (!islower((unsigned char)*w))
			return 0;
	return n >= 3;
}

/* Picks up to k plain words with df in [lo, hi], spread over the range. */
static int pick_words(wentry **v, size_t n, int lo, int hi, int k, rng *r,
		      const char **out)
{
	size_t first = n, last = 0, i, span;
	int got = 0, tries = 0;

	for (i = 0; i < n; i++)
		if (v[i]->df >= lo && v[i]->df <= hi) {
			if (first == n)
				first = i;
			last = i;
		}
	if (first == n)
		return 0;
	span = last - first + 1;
	while (got < k && tries++ < k * 200) {
		const char *w = v[first + (size_t)(rng_unit(r) * (double)span)]->w;
		int j;

		if (!plain_word(w))
			continue;
		for (j = 0; j < got; j++)
			if (strcmp(out[j], w) == 0)
				break;
		if (j == got)
			out[got++] = w;
	}
	return got;
}

static int df_of(wtable *t, const char *w)
{
	return wt_get(t, w, strlen(w))->df;
}

/* The words of a title, lower case, plain words only, glue words out. */
static int title_words(const char *title, char words[][64], int max)
{
	int n = 0;

	while (*title && n < max) {
		size_t k = 0;
		int j, glue = 0;

		while (*title && !isalpha((unsigned char)*title))
			title++;
		while (*title && (isalnum((unsigned char)*title) ||
				  (unsigned char)*title >= 0x80)) {
			if (k < 63)
				words[n][k++] = (char)tolower((unsigned char)*title);
			title++;
		}
		words[n][k] = '\0';
		for (j = 0; title_glue[j]; j++)
			if (strcmp(title_glue[j], words[n]) == 0)
				glue = 1;
		if (k >= 3 && !glue && plain_word(words[n]))
			n++;
	}
	return n;
}

static void make_queries(void)
{
	stats st;
	wentry **v;
	size_t n, i;
	qlog q;
	const char *pick[200];
	int k, j;
	long count[NMONTHS];

	memset(&st, 0, sizeof st);
	st.titles = xmalloc(sizeof(char *) * 4000);
	corpus_walk(QUERY_REF, stat_paper, &st);
	v = sorted_words(&st.words, &n);
	memset(&q, 0, sizeof q);
	q.f = stdout;
	rng_seed(&q.r, 0x71756572ULL);	/* "quer" */

	/* rare: in 2 to 20 papers of 100,000 */
	k = pick_words(v, n, 2, 20, 60, &q.r, pick);
	for (j = 0; j < k; j++)
		q_emit(&q, "rare", pick[j]);
	/* mid: in 200 to 3,000 */
	k = pick_words(v, n, 200, 3000, 60, &q.r, pick);
	for (j = 0; j < k; j++)
		q_emit(&q, "mid", pick[j]);
	/* common: words users type that match a large share of papers */
	{
		static const char *const usual[] = {
			"model", "learning", "network", "data", "quantum",
			"field", "theory", "method", "results", "system",
			"energy", "neural", "deep", "graph", "time", "state",
			"analysis", "models", "networks", "problem", "approach",
			"performance", "paper", "algorithm", "the", "we", "of",
			"show", NULL
		};

		for (j = 0; usual[j]; j++)
			q_emit(&q, "common", usual[j]);
		/* The same, finished with a space: not a prefix. */
		q_emit(&q, "common", "model ");
		q_emit(&q, "common", "learning ");
		q_emit(&q, "common", "quantum ");
		q_emit(&q, "common", "Network");
		q_emit(&q, "common", "MODEL");
		/* The most frequent plain words of the corpus. */
		for (i = 0, k = 0; i < n && k < 12; i++) {
			int dup = 0;

			if (!plain_word(v[i]->w) || strlen(v[i]->w) < 4)
				continue;
			for (j = 0; usual[j]; j++)
				dup |= strcmp(usual[j], v[i]->w) == 0;
			if (!dup) {
				q_emit(&q, "common", v[i]->w);
				k++;
			}
		}
	}
	/* prefix: words typed letter by letter, 1 to 5 letters */
	{
		static const char *const typed[] = {
			"transformer", "quantum", "learning", "network",
			"superconducting", "gravitational", "manifold",
			"entanglement", "diffusion", "graph", "black",
			"reinforcement", "stochastic", "galaxies", "cohomology",
			"attention", "neutrino", "segmentation", "boundary",
			"polymer", NULL
		};
		const char *more[8];
		int m = pick_words(v, n, 50, 1000, 6, &q.r, more);

		for (j = 0; typed[j]; j++)
			for (k = 1; k <= 5; k++)
				q_emitf(&q, "prefix", "%.*s", k, typed[j]);
		for (j = 0; j < m; j++)
			for (k = 1; k <= 5 && (size_t)k <= strlen(more[j]); k++)
				q_emitf(&q, "prefix", "%.*s", k, more[j]);
	}
	/* two and three words: from titles, and the second one being typed */
	{
		char w[32][64];
		int two = 0, three = 0;

		for (i = 0; i < (size_t)st.ntitles && (two < 60 || three < 50);
		     i++) {
			int nw = title_words(st.titles[i], w, 32), s;

			if (nw < 3)
				continue;
			s = rng_range(&q.r, 0, nw - 3);
			if (i % 2 == 0 && two < 60) {
				if (two % 6 == 5)
					q_emitf(&q, "two", "%s %.*s", w[s],
						rng_range(&q.r, 1, 3),
						w[s + 1]);
				else
					q_emitf(&q, "two", "%s %s", w[s],
						w[s + 1]);
				two++;
			} else if (three < 50) {
				q_emitf(&q, "three", "%s %s %s", w[s],
					w[s + 1], w[s + 2]);
				three++;
			}
		}
	}
	/* author: surnames in the ways people type them */
	{
		static const char *const forms[] = {
			"Wang", "zhang", "Smith", "Müller", "muller", "MULLER",
			"M{\\\"u}ller", "author:Müller", "Gómez", "gomez",
			"Nguyễn", "nguyen", "Łukasiewicz", "lukasiewicz",
			"author:Łukasiewicz", "Erdős", "erdos", "Sørensen",
			"sorensen", "Şahin", "sahin", "Dvořák", "dvorak",
			"Schrödinger", "author:wang", "author:li", "Kim",
			"Tanaka", "García", "garcia", "Öztürk", "ozturk",
			"Yılmaz", "yilmaz", "Ångström", "angstrom", "O'Brien",
			"van Dijk", "De Luca", "author:\"De Luca\"",
			"Jørgensen", "Weiß", "weiss", "Đorđević", "dordevic",
			"Kovačević", "Ramanujan", "Chakraborty", "author:Chen",
			"Li Wang", "Zhang Liu", "Hernández", NULL
		};

		for (j = 0; forms[j]; j++)
			q_emit(&q, "author", forms[j]);
	}
	/* filter: year: and cat: with a word */
	{
		static const char *const fq[] = {
			"year:2021 quantum", "year:2023 learning",
			"year:2019 network", "year:1995 field",
			"year:2010 model", "year:2025 language",
			"year:2008 galaxies", "year:1999 string",
			"cat:cs.LG attention", "cat:cs.LG",
			"cat:cs.CL language model", "cat:hep-th duality",
			"cat:hep-th", "cat:math.AP", "cat:math.AP equation",
			"cat:astro-ph.CO", "cat:astro-ph dark matter",
			"cat:cond-mat.str-el spin", "cat:quant-ph entanglement",
			"cat:cs learning", "cat:math", "cat:stat.ML",
			"cat:cs.CV year:2024", "cat:hep-ph year:2012 higgs",
			"year:2019..2023 transformer", "year:2015.. diffusion",
			"year:..1999 gauge", "year:..2000", "year:2024..",
			"year:1991..2026 model", "year:2000..2010 cat:hep-th",
			"cat:cs.LG year:2018..2020 graph", "year:2022 cat:cs.RO robot",
			"cat:math.CO graphs", "cat:math.NT prime",
			"cat:q-bio epidemic", "cat:econ.EM causal",
			"cat:eess.SP channel", "year:2020 covid",
			"learning -cat:cs.LG", "quantum -year:2024",
			"network cat:physics.soc-ph", "cat:gr-qc black hole",
			"cat:cond-mat superconducting", "cat:alg-geom",
			"year:1993 cat:hep-th", "cat:nlin.CD chaos",
			"cat:cs.CR attack", "year:2026", "title:quantum year:2020",
			NULL
		};

		for (j = 0; fq[j]; j++)
			q_emit(&q, "filter", fq[j]);
	}
	/* id: ids that exist at 10,000 papers and up, in several spellings */
	{
		long acount[NARCH];
		int made = 0, m, y, mo, a;
		char id[48];

		month_counts(10000, count);
		for (m = NMONTHS - 1; m >= NEW_STYLE_FROM && made < 28;
		     m -= 7) {
			month_of(m, &y, &mo);
			if (count[m] < 3)
				continue;
			if (y < 2015)
				snprintf(id, sizeof id, "%02d%02d.%04d",
					 y % 100, mo, 1 + made % 2);
			else
				snprintf(id, sizeof id, "%02d%02d.%05d",
					 y % 100, mo, 1 + made % 2);
			switch (made % 7) {
			case 0: q_emitf(&q, "id", "%s", id); break;
			case 1: q_emitf(&q, "id", "arXiv:%s", id); break;
			case 2: q_emitf(&q, "id", "arxiv:%sv1", id); break;
			case 3: q_emitf(&q, "id", "https://arxiv.org/abs/%s", id);
				break;
			case 4: q_emitf(&q, "id", "id:%s", id); break;
			case 5: q_emitf(&q, "id", "https://arxiv.org/pdf/%sv2",
					id);
				break;
			default: q_emitf(&q, "id", "id:arXiv:%s", id); break;
			}
			made++;
		}
		for (m = NEW_STYLE_FROM - 3; m >= 0 && made < 40; m -= 11) {
			month_of(m, &y, &mo);
			archive_counts(m, count[m], acount);
			for (a = 0; a < NARCH; a++)
				if (acount[a] >= 1 &&
				    (strcmp(archives[a].name, "hep-th") == 0 ||
				     strcmp(archives[a].name, "cond-mat") == 0 ||
				     strcmp(archives[a].name, "math") == 0 ||
				     strcmp(archives[a].name, "astro-ph") == 0))
					break;
			if (a == NARCH)
				continue;
			snprintf(id, sizeof id, "%s/%02d%02d001",
				 archives[a].name, y % 100, mo);
			switch (made % 4) {
			case 0: q_emitf(&q, "id", "%s", id); break;
			case 1: q_emitf(&q, "id", "arXiv:%s", id); break;
			case 2: q_emitf(&q, "id", "id:%s", id); break;
			default: q_emitf(&q, "id", "https://arxiv.org/abs/%sv1",
					 id);
				break;
			}
			made++;
		}
		q_emit(&q, "id", "id:9999.99999");
		q_emit(&q, "id", "2607.00001");
	}
	/* hostile: FTS5 syntax, quotes, junk, very long strings */
	{
		static const char *const hq[] = {
			"NEAR(quantum field)", "quantum OR field",
			"quantum AND NOT field", "NOT", "AND", "OR", "near",
			"\"unclosed quote", "\"\"", "\"", "\"quantum field\"",
			"\"model\" \"learning\" \"network\"", "*", "**", "-",
			"--", "- - -", "----model", "(((((", ")))", "^start",
			"title:", "author:", "year:", "year:abc",
			"year:0..99999", "year:..", "year:2021..2019", "cat:",
			"cat:*", "{title}: model", "title : model", "col:model",
			"rank:bm25", "paper_fts", "paper_fts MATCH 'x'",
			"'; DROP TABLE paper; --", "\x01\x02\x03",
			"\xff\xfe not utf-8 \xc3", "e\xcc\x81\xcc\x80 combining",
			"\xf0\x9f\x99\x82 model", "\xe6\xa8\xa1\xe5\x9e\x8b "
			"\xe5\xad\xa6\xe4\xb9\xa0",
			"\xef\xbc\xa6\xef\xbc\xb5\xef\xbc\xac\xef\xbc\xac",
			"x* y* z*", "a*b*c", ":::", "id:", "id:nonexistent",
			"key:", "key:wang", "key:zzzzzz", "%", "_", "\\",
			"\\\"o", "$\\alpha$", "0", "00000", "1e10", "NULL",
			"   ", "a", "-a", "-model", "-\"quantum field\"",
			"year:1000..9999", "year:1991..2026",
			"learning learning learning learning", NULL
		};
		sbuf b = { 0 };

		for (j = 0; hq[j]; j++)
			q_emit(&q, "hostile", hq[j]);
		/* 1 KB strings: one letter repeated, many words, one token. */
		for (j = 0; j < 512; j++)
			sb_adds(&b, "a ");
		q_emit(&q, "hostile", b.s);
		sb_reset(&b);
		for (j = 0; b.n < 1000; j++) {
			sb_adds(&b, V.word[(size_t)j * 7 % 300]);
			sb_addc(&b, ' ');
		}
		q_emit(&q, "hostile", b.s);
		sb_reset(&b);
		for (j = 0; j < 1024; j++)
			sb_addc(&b, 'x');
		q_emit(&q, "hostile", b.s);
		sb_reset(&b);
		for (j = 0; j < 250; j++)
			sb_adds(&b, "the ");
		q_emit(&q, "hostile", b.s);
		sb_reset(&b);
		for (j = 0; j < 200; j++)
			sb_adds(&b, "\"(*");
		q_emit(&q, "hostile", b.s);
		sb_reset(&b);
		for (j = 0; b.n < 1000; j++)
			sb_printf(&b, "year:%d ", 1991 + j % 36);
		q_emit(&q, "hostile", b.s);
		sb_reset(&b);
		for (j = 0; b.n < 1000; j++)
			sb_printf(&b, "%c* ", 'a' + j % 26);
		q_emit(&q, "hostile", b.s);
		free(b.s);
	}
	fprintf(stderr, "gen: %d queries (%zu distinct words at %d papers; "
		"\"model\" in %d, \"the\" in %d)\n", q.n, n, QUERY_REF,
		df_of(&st.words, "model"), df_of(&st.words, "the"));
	free(v);
}

/* ---- Main ------------------------------------------------------------------ */

static void usage(void)
{
	fputs("usage: gen corpus SIZE [SEEDDIR]\n"
	      "       gen extra N [SEEDDIR]\n"
	      "       gen queries [SEEDDIR]\n"
	      "       gen stats SIZE [SEEDDIR]\n", stderr);
	exit(2);
}

static void write_extra(long n)
{
	author *abuf = xmalloc(sizeof(author) * MAX_AUTHORS);
	writer w = { { 0 }, stdout };
	paper p;
	char id[48];
	long k;

	memset(&p, 0, sizeof p);
	for (k = 1; k <= n; k++) {
		snprintf(id, sizeof id, "2607.%05ld", k);
		/* July 2026: the month after the corpus ends */
		make_paper(&p, id, NMONTHS, NULL, abuf);
		write_paper(&w, &p);
	}
	free(abuf);
	free(w.b.s);
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	long size = 0;

	if (strcmp(mode, "corpus") == 0 || strcmp(mode, "extra") == 0 ||
	    strcmp(mode, "stats") == 0) {
		char *end;

		if (argc < 3)
			usage();
		size = strtol(argv[2], &end, 10);
		if (*end || size < 1)
			usage();
		vocab_init(argc > 3 ? argv[3] : NULL);
	} else if (strcmp(mode, "queries") == 0) {
		vocab_init(argc > 2 ? argv[2] : NULL);
	} else {
		usage();
	}
	cats_init();
	names_init();
	if (strcmp(mode, "corpus") == 0) {
		writer w = { { 0 }, stdout };

		corpus_walk(size, write_paper, &w);
		free(w.b.s);
	} else if (strcmp(mode, "extra") == 0) {
		write_extra(size);
	} else if (strcmp(mode, "stats") == 0) {
		print_stats(size);
	} else {
		make_queries();
	}
	if (fflush(stdout) != 0)
		die("cannot write");
	return 0;
}
