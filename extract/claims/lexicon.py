"""Word tables for the claim extractor: numbers, scales, currencies, units, periods,
qualifiers and the cue words that pick a metric, a subject, a time or a source.

Data only. The components in `extract.claims` read these tables; a new currency, unit
or cue word is added here, not as a branch in code.
"""

# --- numbers in words -------------------------------------------------------------
WORD_NUMBERS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12,
}

# scale words after a number ("12.96 trillion")
SCALE_WORDS = {
    "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "quadrillion": 1e15, "mn": 1e6, "mln": 1e6, "bn": 1e9, "tn": 1e12, "k": 1e3,
}

# scale letters glued to digits ("12.96T", "1,040B", "128K", "100t", "5bn")
SCALE_SUFFIXES = {
    "k": 1e3, "m": 1e6, "mn": 1e6, "mm": 1e6, "b": 1e9, "bn": 1e9, "t": 1e12, "tn": 1e12,
    "q": 1e15,
}

# "tens of millions of", "hundreds of thousands of": lower bounds, at_least
VAGUE_PLURALS = {
    "tens": 10, "dozens": 12, "hundreds": 1e2, "thousands": 1e3, "millions": 1e6,
    "billions": 1e9, "trillions": 1e12, "quadrillions": 1e15,
}

# "a few billion", "several million": the scale itself, at_least
FEW_WORDS = ("a few", "a couple of", "several", "a handful of")

# "one-seventh", "a third", "two-thirds"
FRACTIONS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
    "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7,
    "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9, "tenth": 10, "tenths": 10,
    "eleventh": 11, "elevenths": 11, "twelfth": 12, "twelfths": 12, "fifteenth": 15, "sixteenth": 16,
    "twentieth": 20, "twentieths": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
    "hundredth": 100, "hundredths": 100, "thousandth": 1000,
}
# words after "a third", "a fifth" that make it an ordinal, not a fraction ("a third week")
ORDINAL_NOUNS = {"week", "weeks", "time", "times", "quarter", "month", "year", "day", "place",
                 "straight", "consecutive", "round", "term", "party", "generation", "version",
                 "model", "season", "wave", "attempt", "try", "option", "way", "phase", "person",
                 "company", "lab", "player", "one", "major", "largest", "biggest", "key", "new"}

# verbs and adjectives of multiplication: value as a factor
MULTIPLIER_WORDS = {
    "double": 2, "doubled": 2, "doubles": 2, "doubling": 2,
    "triple": 3, "tripled": 3, "triples": 3, "tripling": 3,
    "quadruple": 4, "quadrupled": 4, "quadruples": 4, "quadrupling": 4,
    "quintupled": 5, "quintuple": 5, "twice": 2,
}
# verbs of halving: a multiple like "doubled" (growth 0.5 x)
HALVING_WORDS = {"halved": 0.5, "halves": 0.5, "halving": 0.5}

# "single-digit fraction", "double-digit growth": (value, qualifier)
DIGIT_CLASSES = {
    "single-digit": (10, "at_most"), "double-digit": (10, "at_least"),
    "triple-digit": (100, "at_least"), "low-single-digit": (5, "at_most"),
}

# --- qualifiers before a number (longest first) -------------------------------------
QUALIFIERS_BEFORE = [
    ("no more than", "at_most"), ("no less than", "at_least"), ("more than", "at_least"),
    ("at least", "at_least"), ("upwards of", "at_least"), ("in excess of", "at_least"),
    ("north of", "at_least"), ("just over", "at_least"), ("well over", "at_least"),
    ("over", "at_least"), ("above", "at_least"), ("exceeding", "at_least"),
    ("greater than", "at_least"), ("a minimum of", "at_least"), ("passed", "at_least"),
    ("longer than", "at_least"), ("larger than", "at_least"), ("shorter than", "at_most"),
    ("smaller than", "at_most"),
    ("tops", "at_least"), ("topped", "at_least"), ("crossed", "at_least"), ("surpassed", "at_least"),
    ("exceeded", "at_least"), ("exceeds", "at_least"), ("cross", "at_least"), ("top", "at_least"),
    ("nearly", "approx"), ("practically", "approx"), ("virtually", "approx"), ("almost", "approx"), ("roughly", "approx"), ("about", "approx"),
    ("around", "approx"), ("approximately", "approx"), ("approx.", "approx"),
    ("close to", "approx"), ("an estimated", "approx"), ("estimated", "approx"),
    ("closer to", "approx"), ("starting at", "at_least"), ("starts at", "at_least"), ("start at", "at_least"),
    ("something like", "approx"), ("on the order of", "approx"), ("maybe", "approx"), ("perhaps", "approx"),
    ("some", "approx"), ("circa", "approx"), ("~", "approx"), ("≈", "approx"),
    ("just under", "at_most"), ("less than", "at_most"), ("fewer than", "at_most"),
    ("under", "at_most"), ("below", "at_most"), ("up to", "at_most"), ("at most", "at_most"),
    ("as much as", "at_most"), ("as many as", "at_most"), ("a maximum of", "at_most"),
    ("<", "at_most"), (">", "at_least"), ("≥", "at_least"), ("≤", "at_most"),
]

# --- currencies ---------------------------------------------------------------------
# symbols and codes written before the amount
CURRENCY_PREFIXES = {
    "US$": "USD", "$": "USD", "USD": "USD", "€": "EUR", "EUR": "EUR", "£": "GBP",
    "GBP": "GBP", "¥": "CNY?", "RMB": "CNY", "CNY": "CNY", "HK$": "HKD", "C$": "CAD",
    "A$": "AUD", "S$": "SGD", "₹": "INR", "INR": "INR", "₩": "KRW", "JPY": "JPY",
}
# words after the amount: (code, factor)
CURRENCY_WORDS = {
    "dollars": ("USD", 1), "dollar": ("USD", 1), "usd": ("USD", 1), "cents": ("USD", 0.01),
    "cent": ("USD", 0.01), "yuan": ("CNY", 1), "rmb": ("CNY", 1), "renminbi": ("CNY", 1),
    "cny": ("CNY", 1), "euros": ("EUR", 1), "euro": ("EUR", 1), "eur": ("EUR", 1),
    "yen": ("JPY", 1), "jpy": ("JPY", 1), "won": ("KRW", 1), "rupees": ("INR", 1),
    "pounds": ("GBP", 1), "gbp": ("GBP", 1), "fen": ("CNY", 0.01),
}
# "¥" is yuan in a Chinese context, yen otherwise
CHINESE_CONTEXT = ("china", "chinese", "yuan", "rmb", "beijing", "shanghai", "shenzhen",
                   "hangzhou", "alibaba", "bytedance", "tencent", "baidu", "deepseek")

# --- periods ----------------------------------------------------------------------
PERIODS = {
    "second": "second", "sec": "second", "s": "second", "minute": "minute", "min": "minute",
    "hour": "hour", "hr": "hour", "h": "hour", "day": "day", "week": "week", "wk": "week",
    "month": "month", "mo": "month", "quarter": "quarter", "year": "year", "yr": "year",
    "annum": "year",
}
PERIOD_ADVERBS = {
    "daily": "day", "weekly": "week", "monthly": "month", "quarterly": "quarter",
    "yearly": "year", "annually": "year", "annual": "year", "hourly": "hour",
    "nightly": "day",
}
# things a rate or price can be "per"
PER_THINGS = {
    "task": "task", "tasks": "task", "call": "call", "calls": "call", "request": "request",
    "requests": "request", "query": "query", "queries": "query", "image": "image",
    "images": "image", "seat": "seat", "user": "user", "users": "user", "gpu": "gpu",
    "video": "video", "minute of audio": "minute", "page": "page", "search": "search",
    "searches": "search", "conversation": "conversation", "session": "session",
    "response": "response", "generation": "image", "agent": "agent", "step": "step",
}
# change-over-one-period phrases for growth `per`
GROWTH_PERIOD_PHRASES = [
    (r"\b(?:(?:each|every|per) week|week[- ](?:over|on)[- ]week|wow|w/w|weekly (?:growth|increase|gain|rate|change|decline|pace)|a week earlier|from last week|in the last week|week on week|on the week|in (?:a|one) week|from the (?:prior|previous|preceding) week|over the (?:prior|previous|preceding|last) week)\b", "week"),
    (r"\b(?:(?:each|every|per) month|month[- ](?:over|on)[- ]month|mom|m/m|monthly (?:growth|increase|gain|rate|change|decline|pace)|a month earlier|from last month|in the last month|month on month|on the month|in (?:a|one) month|from the (?:prior|previous|preceding) month|over the (?:prior|previous|preceding|last) month)\b", "month"),
    (r"\b(?:quarter[- ](?:over|on)[- ]quarter|qoq|q/q|quarterly (?:growth|increase|gain|rate|change|decline|pace)|a quarter earlier|sequential(?:ly)?|over the (?:prior|previous|preceding|last) quarter|on the quarter|in (?:a|one) quarter|from the (?:prior|previous|preceding) quarter)\b", "quarter"),
    (r"\b(?:(?:each|every|per) year|year[- ](?:over|on)[- ]year|yoy|y/y|annual(?:ly|ized)? (?:growth|increase|gain|rate|change|decline)|annually|a year earlier|a year ago|from last year|in the last year|in the past year|over the past year|year on year|in (?:a|one) year|within a year|(?:over|in) the (?:past|last|trailing) (?:12|twelve) months|on the year)\b", "year"),
]

# --- unit nouns -----------------------------------------------------------------
# counted noun (singular, lower case) -> metric. Anything a count can be of.
TOKEN_NOUNS = {"tokens", "token"}
OTHER_UNITS = {
    # model architecture and serving quantities: metric "other"
    "parameter": "parameter", "parameters": "parameter", "params": "parameter",
    "param": "parameter", "layer": "layer", "layers": "layer", "expert": "expert",
    "experts": "expert", "attention heads": "attention head", "attention head": "attention head",
    "heads": "head", "gpus": "gpu", "gpu": "gpu", "chips": "chip", "accelerators": "accelerator",
    "h100s": "gpu", "h100": "gpu", "h200s": "gpu", "b200s": "gpu", "tpus": "tpu",
    "petaflops": "petaflop", "exaflops": "exaflop", "flops": "flop", "teraflops": "teraflop",
    "gigawatts": "gigawatt", "gigawatt": "gigawatt", "gw": "gigawatt", "megawatts": "megawatt",
    "mw": "megawatt", "megawatt": "megawatt", "kilowatt-hour": "kilowatt-hour", "kwh": "kilowatt-hour", "kilowatts": "kilowatt", "kilowatt": "kilowatt",
    "kw": "kilowatt", "gpu-hours": "gpu-hour", "zettabytes": "zettabyte", "exabytes": "exabyte", "petabytes": "petabyte",
    "terabytes": "terabyte",
    "points": "point", "elo": "point", "calls": "call", "requests": "request",
    "queries": "query", "images": "image", "videos": "video", "languages": "language",
    "benchmarks": "benchmark",
}
COUNT_NOUNS = {
    "users", "developers", "customers", "subscribers", "companies", "enterprises",
    "businesses", "startups", "models", "apps", "applications", "agents", "downloads",
    "visits", "visitors", "employees", "engineers", "researchers", "respondents",
    "factories", "organizations", "organisations", "teams", "partners", "sellers",
    "merchants", "creators", "accounts", "installs", "sessions", "conversations",
    "messages", "prompts", "people", "members", "students", "clients", "providers",
    "vendors", "countries", "cities", "devices", "smartphones", "phones", "vehicles",
    "robots", "stores", "websites", "sites", "repositories", "repos", "projects", "jobs",
    "workers", "deployments", "integrations", "plugins", "servers", "nodes", "patents",
    "papers", "stars", "forks", "downloads", "questions", "answers", "tasks", "queries",
    "videos", "images", "hospitals", "banks", "schools", "universities", "labs",
    "households", "consumers", "buyers", "shoppers", "viewers", "listeners", "players",
    "builders", "founders", "investors", "daus", "maus", "licenses", "seats", "reviews",
    "tickets", "transactions", "orders",
    # owners, sites and groups a count is often of: "across eleven regions", "1,200 racks"
    "regions", "markets", "offices", "facilities", "campuses", "racks", "clusters",
    "territories", "provinces", "industries", "sectors", "firms", "institutions", "agencies",
    "publishers", "suppliers", "retailers", "advertisers", "hyperscalers", "unicorns",
    "deals", "contracts", "brands", "products", "airlines", "insurers", "automakers",
    "governments", "municipalities", "carriers", "manufacturers", "lawyers", "doctors",
    "nurses", "teachers", "analysts", "programmers", "coders", "annotators", "contractors",
    "staffers", "physicians", "hospitals", "clinics", "pharmacies", "utilities", "telcos",
    "operators", "distributors", "resellers", "franchises", "outlets", "datacenters", "datacentres",
    "leaders", "executives", "decision-makers", "professionals", "managers", "ctos", "cios",
    "participants", "adopters", "entrepreneurs", "scientists", "creators",
}
# things done per period: "31 messages a day" is a rate (metric other, per the period),
# whatever its size; the same nouns without a period are counts
RATE_NOUNS = {"call", "request", "query", "image", "video", "task", "message", "review",
              "contract review", "conversation", "search", "prompt", "session", "ticket",
              "support ticket", "code review", "transaction", "order"}
RATE_NOUNS_PLURAL = {"calls", "requests", "queries", "images", "videos", "tasks", "messages", "reviews",
                     "conversations", "searches", "prompts", "sessions", "tickets", "transactions", "orders"}
# lexicalised two-word counted nouns: the modifier stays in the unit
COMPOUND_UNITS = {"knowledge workers": "knowledge worker", "contract reviews": "contract review",
                  "support tickets": "support ticket", "code reviews": "code review",
                  "knowledge worker": "knowledge worker", "data centres": "data center",
                  "data centers": "data center"}
# counted acronyms: "96 million DAU"
ACRONYM_UNITS = {"dau": "user", "daus": "user", "mau": "user", "maus": "user", "wau": "user",
                 "waus": "user", "gpus": "gpu", "tpus": "tpu"}
IRREGULAR_SINGULARS = {
    "people": "person", "companies": "company", "factories": "factory", "countries": "country",
    "cities": "city", "repositories": "repository", "queries": "query", "daus": "dau",
    "maus": "mau", "universities": "university", "businesses": "business",
    "smartphones": "smartphone", "analyses": "analysis", "indices": "index",
    "datacenters": "data center", "datacentres": "data center",
}
# people: "700 million people use X every week" is a count of active people, not a rate
PEOPLE_NOUNS = {"users", "people", "developers", "customers", "subscribers", "members",
                "visitors", "players", "viewers", "listeners", "students", "consumers", "daus", "maus"}
# nouns that make a number a duration, a rank or page furniture: never a claim
NON_CLAIM_NOUNS = {
    "seconds", "second", "milliseconds", "millisecond", "ms", "minutes", "minute", "min", "mins", "hours", "hour", "hrs", "days",
    "day", "weeks", "week", "months", "month", "years", "year", "yrs", "decades", "decade",
    "quarters", "centuries", "times" , "am", "pm", "views", "view", "comments", "comment",
    "shares", "likes", "reads", "read", "replies", "reactions", "claps", "retweets",
    "trends", "reasons", "ways", "things", "steps", "tips", "lessons", "takeaways",
    "questions", "signs", "charts", "facts", "rules", "ideas", "myths", "mistakes",
    "pages", "chapters", "sections", "slides", "figures", "tables", "points", "rounds",
    "straight", "consecutive", "percentile", "th", "st", "nd", "rd", "a.m", "p.m",
}
# ordinals and list positions: "No. 1", "top 20", "#3", "rank 2"
RANK_WORDS_BEFORE = {"no", "no.", "#", "top", "rank", "ranked", "number", "nr", "position",
                     "tier", "level", "step", "phase", "part", "chapter", "section", "page",
                     "figure", "fig", "table", "version", "v", "gen", "generation", "series",
                     "episode", "season", "round", "gate", "room", "floor", "suite", "route",
                     "pro", "plus", "ultra", "max", "mini", "lite", "preview", "turbo", "flash",
                     "chapter", "item", "article", "clause"}
# verbs and nouns that make a number a piece of page furniture
FURNITURE = ("min read", "minute read", "minutes read", "views", "comments", "shares",
             "likes", "replies", "reading time")

# "downloaded 600M times": the counted action
TIMES_VERBS = {"downloaded": "download", "download": "download", "called": "call",
               "call": "call", "invoked": "call", "viewed": "view", "visited": "visit",
               "installed": "install", "used": "use", "accessed": "access", "queried": "query",
               "requested": "request", "played": "play", "shared": "share", "streamed": "stream",
               "run": "run", "ran": "run", "executed": "run", "searched": "search"}

# --- metric cues --------------------------------------------------------------------
GROWTH_CUES = {
    "growth", "grew", "grow", "grows", "growing", "increase", "increased", "increases",
    "increasing", "rise", "rose", "risen", "rises", "rising", "jump", "jumped", "jumps",
    "jumping", "surge", "surged", "surges", "surging", "soar", "soared", "soaring",
    "climb", "climbed", "climbing", "up", "gain", "gained", "gains", "expand", "expanded",
    "expansion", "skyrocketed", "skyrocketing", "spiked", "boost", "boosted", "accelerated",
    "higher", "more", "cagr", "yoy", "mom", "wow", "qoq", "widening", "widened",
    "multiplied", "ballooned", "exploded", "added", "growing",
    # more verbs and nouns of a rise: "leapt 80%", "a 45% uptick", "swelled by 60%"
    "leapt", "leaped", "leap", "leaps", "swelled", "swell", "swells", "swollen", "uptick",
    "upticks", "upswing", "spike", "spikes", "spiking", "soars", "mushroomed", "rocketed",
    "rocketing", "catapulted", "vaulted", "zoomed", "ramped", "accelerate", "accelerates",
    "accelerating", "expands", "expanding", "rebounded", "rebound", "recovered", "outgrew",
    "boosts", "increment", "grown",
}
DECLINE_CUES = {
    "decline", "declined", "declines", "declining", "drop", "dropped", "drops", "dropping",
    "fall", "fell", "falls", "falling", "fallen", "cut", "cuts", "cutting", "down",
    "decrease", "decreased", "decreases", "reduce", "reduced", "reduces", "reduction",
    "reducing", "lower", "lowered", "lowers", "slash", "slashed", "slashes", "plunge",
    "plunged", "plummeted", "shrank", "shrunk", "shrink", "contracted", "cheaper",
    "slid", "sank", "tumbled", "collapsed", "less", "discount", "discounted", "savings",
    "saves", "save", "saving", "off", "narrowed", "narrows", "narrowing", "trimmed", "eased",
    "slipped", "slips", "slip", "dipped", "dips",
    # more verbs and nouns of a fall: "slumped 70%", "a 30% slide", "cratered by half"
    "slumped", "slump", "slumps", "tumble", "tumbles", "plummet", "plummets", "plunges",
    "sinks", "sink", "sinking", "slide", "slides", "sliding", "crashed", "crash", "eroded",
    "erosion", "retreated", "retreat", "cratered", "nosedived", "sagged", "sag", "shrinks",
    "shrinking", "contraction", "downturn", "dive", "dived", "dove", "halved", "shed",
}
# verbs that raise a price or rate ("raised prices by 15%"); not growth cues on their own
# ("raised $40 million" is funding)
RAISE_VERBS = {"raised", "raise", "raises", "raising", "hiked", "hikes", "hike", "lifted", "lifts"}
SHARE_CUES = {
    "share", "of", "accounted", "accounts", "account", "comprise", "comprised",
    "comprises", "represent", "represents", "represented", "margin", "margins",
    "penetration", "adoption", "percent", "portion", "fraction", "majority", "proportion",
    "stake", "owns", "held", "holds", "utilization", "rate", "respondents", "say", "said",
}
SCORE_CUES = {
    "scored", "scores", "score", "scoring", "accuracy", "benchmark", "pass@1", "mmlu",
    "gpqa", "swe-bench", "humaneval", "aime", "arena", "elo", "leaderboard", "win rate",
    "mmlu-pro", "mmmu", "livecodebench", "gsm8k", "hle", "arc-agi", "simpleqa", "bfcl",
    "terminal-bench", "tau-bench", "math-500", "pass-rate",
}
RATIO_CUES = {
    "than", "gap", "differential", "difference", "vs", "vs.", "versus", "compared",
    "cheaper", "costlier", "faster", "slower", "larger", "smaller", "bigger", "times",
    "premium", "multiple", "ratio", "the", "that", "as", "times",
}
PRICE_CUES = {
    "charges", "charge", "charging", "charged", "costs", "cost", "priced", "price",
    "prices", "pricing", "fee", "fees", "rate", "costing", "bills", "billed", "lists",
    "listed", "sells", "sold", "pay", "pays", "paying", "spend", "spends", "at",
}
MONEY_CUES = {
    "revenue", "revenues", "raised", "raise", "raises", "funding", "valuation", "valued",
    "invest", "invested", "investment", "investing", "capex", "spend", "spent", "spending",
    "sales", "arr", "income", "profit", "loss", "deal", "market", "industry", "budget",
    "worth", "acquired", "acquisition", "fund", "round",
}
TOKEN_KINDS = {
    "input": "input", "prompt": "input", "cached": "input", "cache": "input",
    "cache-read": "input", "cache-hit": "input", "reads": None, "output": "output",
    "completion": "output", "completions": "output", "generated": "output",
    "blended": "blended", "blend": "blended", "average": "blended",
}
CONTEXT_WORDS = {"context", "context-window", "window"}
THRESHOLD_NOUNS = {"prompts", "prompt", "inputs", "requests", "contexts", "conversations"}

# --- subjects -----------------------------------------------------------------------
# words that end a subject noun phrase when walking back from the verb
NP_STOP_WORDS = {
    "that", "which", "who", "whom", "whose", "where", "when", "while", "if", "because",
    "since", "although", "though", "as", "so", "but", "and", "or", "then", "than",
    "we", "i", "you", "assume", "assuming", "says", "said", "say", "think", "thinks",
    "believe", "shows", "show", "showed", "suggests", "suggest", "notes", "noted",
    "found", "finds", "reported", "reports", "estimates", "estimated", "predicts",
    "expects", "argues", "means", "meaning", "with", "without", "after", "before",
    "during", "for", "in", "on", "at", "by", "from", "to", "into", "of", "about",
    "like", "unlike", "whereas", "meanwhile", "however", "also", "still", "now",
    "already", "even", "only", "just", "finally", "collectively", "alone", "is", "are",
    "was", "were", "be", "been", "has", "have", "had", "will", "would", "can", "could",
    "may", "might", "should", "must", "does", "do", "did",
}
LEADING_DROP_WORDS = {
    "and", "but", "or", "so", "meanwhile", "however", "then", "also", "yet", "still",
    "plus", "now", "today", "thus", "hence", "indeed", "moreover", "overall", "together",
    "with", "while", "if", "when", "because", "although", "though", "since", "as",
    "that", "at", "in", "on", "by", "for", "first", "second", "third", "finally",
    "according", "per", "via", "after", "before", "during", "from", "of", "since", "until",
}
PRONOUNS = {"it", "its", "they", "their", "them", "this", "that", "these", "those",
            "he", "she", "his", "her", "we", "our", "us", "i", "you", "your", "itself",
            "there", "which", "who", "one", "what", "how", "why", "where", "when", "whose",
            "that's", "that’s", "it's", "it’s", "there's", "there’s", "here's", "here’s", "what's", "what’s"}
FIRST_PERSON = {"we", "our", "us", "i"}
# heads that name a measurement, not what it is about ("the growth rate", "this figure")
METRIC_HEADS = {
    "growth", "rate", "rates", "figure", "figures", "number", "numbers", "value", "valuation",
    "price", "prices", "pricing", "cost", "costs", "total", "amount", "volume", "share", "margin", "margins", "bill",
    "revenue", "spend", "usage", "count", "tally", "estimate", "level", "levels",
    "consumption", "gap", "differential", "difference", "multiple", "ratio",
}
# "a model", "a company": too generic to be a subject
GENERIC_HEADS = {
    "model", "models", "company", "companies", "provider", "providers", "developer",
    "developers", "user", "users", "team", "teams", "vendor", "vendors", "platform",
    "startup", "lab", "firm", "service", "product", "app", "tool", "system", "business",
    "customer", "customers", "one", "someone", "anyone", "everyone", "people",
}
# lower-case words that continue a model name ("GPT-4o mini", "Hy3 preview")
NAME_TAILS = {"mini", "preview", "pro", "turbo", "flash", "lite", "nano", "max", "plus",
              "ultra", "instruct", "chat", "thinking", "reasoner", "coder", "air", "large",
              "small", "medium", "base", "exp", "experimental", "high", "low"}
# prepositions that name who pays or who is priced: "on Claude", "for GPT-4o", "at OpenAI"
PRICE_TARGET_PREPS = {"on", "for", "with", "via", "through", "using", "at"}

# --- verbs (no tagger: a word list plus suffix rules) --------------------------------
COMMON_VERBS = {
    "averages", "averaged", "draw", "drew",
    "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "will",
    "would", "can", "could", "may", "might", "should", "must", "does", "do", "did",
    "charges", "charge", "charged", "costs", "cost", "processes", "processed", "process",
    "processing", "handles", "handled", "handle", "handling", "serves", "served", "serve",
    "serving", "accounts", "accounted", "account", "consumes", "consumed", "consume",
    "consuming", "generates", "generated", "generate", "generating", "makes", "made",
    "make", "making", "reached", "reaches", "reach", "reaching", "hit", "hits", "hitting",
    "grew", "grows", "grow", "growing", "rose", "rises", "rise", "fell", "falls", "fall",
    "saw", "sees", "see", "sold", "sells", "sell", "raised", "raises", "raise", "invested",
    "invests", "invest", "spent", "spends", "spend", "earned", "earns", "earn", "posted",
    "posts", "reported", "reports", "recorded", "records", "logged", "logs", "leads",
    "led", "lead", "leading", "topped", "tops", "ranks", "ranked", "became", "becomes",
    "become", "remains", "remained", "remain", "stands", "stood", "sits", "sat", "holds",
    "held", "hold", "owns", "controls", "captured", "captures", "commands", "claims",
    "claimed", "counts", "counted", "contribute", "contributes", "contributed", "represent",
    "represents", "represented", "comes", "came", "come", "cut", "cuts", "dropped",
    "drops", "jumped", "jumps", "surged", "surges", "doubled", "tripled", "increased",
    "decreased", "declined", "delivered", "delivers", "delivering", "expected", "expects",
    "offers", "offered", "offer", "listed", "priced", "costing", "employs", "employed",
    "scored", "scores", "achieved", "achieves", "hosts", "hosted", "ships", "shipped",
    "serviced", "onboarded", "attracted", "attracts", "topped", "tops", "boasts",
    "charging", "supports", "supported", "support", "features", "packs", "uses", "used",
    "needs", "needed", "requires", "required", "runs", "ran", "run", "running", "powers",
    "powered", "follows", "followed", "trails", "trailed", "crossed", "crosses", "passed",
    "passes", "surpassed", "exceeded", "exceeds", "topped", "totals", "totaled",
    "totalled", "tallied", "generating", "amounted", "amounts", "climbed", "climbs",
    "slipped", "slid", "added", "adds", "gained", "gains", "lost", "loses", "shed",
    "announced", "announces", "said", "says", "shared", "shares", "revealed", "reveals",
    "estimated", "estimates", "predicts", "predicted", "forecast", "forecasts", "projects",
    "projected", "describes", "described", "entered", "enters", "moved", "climbing",
    "dwarfs", "dwarfed", "outpaced", "outpaces", "beats", "beat", "pays", "paid", "pay",
    "billed", "spending", "earning", "booked", "books", "burns", "burned",
    "burning", "plans", "planned", "aims", "targets", "hopes", "wants", "expects",
    "took", "takes", "take", "won", "wins", "got", "gets", "captured", "grabbed", "secured",
    "commanded", "controls", "controlled", "accounts", "handled", "answers", "answered",
    "launched", "released", "shipped", "closed", "completed", "booked", "generated",
    "attracted", "drew", "draws", "logged", "peaked", "slumped", "rebounded", "doubled",
    "overtook", "overtakes", "passed", "reached", "crossed", "surpassed", "widened", "narrowed",
    # verbs of owning or reaching a count: "Microsoft operates 300 data centres"
    "operates", "operated", "signed", "hired", "hires", "opened", "built", "builds",
    "includes", "included", "spans", "spanned", "welcomed", "houses", "housed", "deploys",
    "deployed", "tracks", "tracked", "covers", "covered", "acquired", "onboards", "lists",
    "registered", "enrolled", "integrates", "integrated", "recruited", "employ",
    "routes", "churns", "sit", "went", "goes", "hover", "hovers", "hovered",  # not "routed": "tokens routed through X" is a participle
    "guided", "guides", "budgeted", "budgets", "earmarked", "pledged", "committed", "allocated",
}
# forms that are nouns after a determiner ("a support bot", "the cost") and verbs otherwise
AMBIGUOUS_VERBS = {
    "support", "offer", "run", "use", "need", "lead", "cost", "costs", "charge", "charges",
    "process", "hold", "make", "see", "fall", "rise", "drop", "drops", "cut", "cuts", "spend",
    "pay", "plans", "report", "reports", "share", "shares", "reach", "hit", "hits", "record",
    "records", "post", "posts", "log", "logs", "count", "counts", "claims", "forecast",
    "forecasts", "estimates", "leads", "uses", "needs", "runs", "offers", "gains", "adds",
    "features", "bills", "lists", "prices", "sales", "jumps", "surges", "supports", "holds",
}
DETERMINERS = {"a", "an", "the", "its", "their", "this", "that", "our", "your", "every",
               "each", "his", "her", "these", "those", "no", "any", "some"}
# attribution: "X reported", "according to X", "X's data"
SOURCE_VERBS = {
    "reported", "reports", "said", "says", "announced", "announces", "shared", "shares",
    "revealed", "reveals", "estimated", "estimates", "found", "finds", "showed", "shows",
    "published", "publishes", "released", "releases", "disclosed", "discloses", "noted",
    "notes", "predicts", "predicted", "expects", "expected", "describes", "described",
    "dropped", "told", "tells", "stated", "states", "claimed", "claims", "confirmed",
    "confirms", "cited", "cites", "forecast", "forecasts", "projects", "projected",
    "wrote", "writes", "highlighted", "highlights", "named", "names", "counted", "counts",
    "measured", "measures", "tracked", "tracks", "calculated", "calculates", "put",
    "puts", "pegged", "pegs",
}
SOURCE_NOUNS = {
    "report", "reports", "data", "study", "survey", "analysis", "research", "figures",
    "statistics", "stats", "rankings", "ranking", "leaderboard", "dashboard", "table",
    "index", "estimates", "estimate", "filing", "filings", "forecast", "numbers",
    "data point", "tracker", "census", "poll", "paper", "blog", "post", "statement",
    "release", "announcement", "earnings", "disclosure",
}
# capitalised sentence openers that are not names ("Even at $18 billion, ...")
SENTENCE_OPENERS = {"even", "still", "only", "just", "also", "yet", "now", "then", "here", "there",
                    "this", "that", "these", "those", "today", "overall", "meanwhile", "so", "but",
                    "and", "or", "if", "when", "while", "after", "before", "since", "although",
                    "though", "because", "as", "at", "in", "on", "for", "with", "by", "from", "to",
                    "of", "the", "a", "an", "not", "most", "some", "many", "all", "both", "each",
                    "every", "another", "other", "such", "what", "which", "how", "why", "who",
                    "suppose", "imagine", "consider", "let", "let's", "our", "we", "you", "your",
                    "they", "their", "its", "it", "last", "next", "first", "second", "third", "over",
                    "under", "across", "between", "among", "after", "during", "until", "per", "put",
                    "read", "see", "source", "note", "update", "updated", "published", "by"}
# capitalised words that are not names of a source or subject on their own
NOT_NAMES = {"ai", "api", "apis", "llm", "llms", "gpu", "gpus", "ceo", "cto", "coo", "cfo",
             "us", "u.s", "u.s.", "uk", "eu", "genai", "agi", "saas", "faq", "the", "a", "an",
             "its", "their", "our", "chinese", "american", "european", "global", "new", "this",
             "that", "these", "those", "data", "research", "report", "study", "it", "we"}
# "data center", "index fund": the source noun is only a modifier
SOURCE_NOUN_BLOCKERS = {"center", "centers", "centre", "centres", "fund", "funds", "tennis", "engineer",
                        "engineers", "scientists", "scientist", "labeling", "pipeline", "pipelines"}
# "the company said", "the startup expects": a definite description of the subject before
ANAPHOR_NOUNS = {"company", "firm", "startup", "group", "lab", "platform", "chatbot", "app",
                 "model", "service", "maker", "provider", "developer", "giant", "unicorn"}
SOURCE_ANAPHORS = ("the study", "the report", "the researchers", "the survey", "the analysis",
                   "the firm", "the paper", "the data", "the authors", "the analysts")
# sentence openers that stop a paragraph-level attribution or time from carrying on
CONTEXT_SHIFTS = ("for context", "by comparison", "for comparison", "in comparison",
                  "by contrast", "in contrast", "elsewhere", "separately", "meanwhile,",
                  "on the other hand", "outside", "for reference")

# --- time -----------------------------------------------------------------------------
MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
PART_OF_PERIOD = {"early": "early", "mid": "mid", "late": "late", "end": "late",
                  "beginning": "early", "start": "early", "middle": "mid"}
ORDINAL_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "last": -1,
                 "final": -1}

ABBREVIATIONS = {
    "e.g", "i.e", "vs", "etc", "mr", "mrs", "ms", "dr", "prof", "inc", "corp", "ltd",
    "co", "no", "approx", "est", "fig", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "st", "jr", "sr", "dept", "govt",
    "vol", "op", "cf", "al", "ca", "p", "pp", "mt", "ft", "a.m", "p.m",
}
