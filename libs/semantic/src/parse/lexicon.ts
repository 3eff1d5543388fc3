import type { DimensionId } from '../model/dimensions';
import type { MeasureId } from '../model/measures';

/**
 * The general vocabulary of marketing and analytics questions about restaurant posts: words and phrases for
 * measures, operations, entities, grouping, scope and references. Each entry is a pattern over normalised text
 * (lower case, no apostrophes; see readQuestion) and the signals it carries. Nothing here names a city, an
 * account, a hashtag or a data set: those are linked from the lake itself.
 */
export type Cue =
  | 'rank'
  | 'lowest'
  | 'viral'
  | 'average'
  | 'total'
  | 'count'
  | 'count-soft'
  | 'share'
  | 'trend'
  | 'fading'
  | 'compare'
  | 'peers'
  | 'profile'
  | 'similar'
  | 'visual'
  | 'drivers'
  | 'timing'
  | 'all-cities'
  | 'all-time'
  | 'follow-up'
  | 'recent'
  | 'question'
  | 'singular'
  | 'show';

export type EntityWord = 'posts' | 'accounts' | 'hashtags' | 'cities' | 'weekdays' | 'months' | 'weeks' | 'cuisines';

export type Reference = 'posts' | 'accounts' | 'account' | 'hashtag' | 'list';

export interface LexiconEntry {
  /** Regular expression body over normalised text; matched as whole words. */
  readonly pattern: string;
  readonly cues?: readonly Cue[];
  readonly measure?: MeasureId;
  readonly entity?: EntityWord;
  /** Grouping: "per city", "by weekday", "for each account". */
  readonly groupBy?: DimensionId;
  readonly reference?: Reference;
  /** A cuisine implied by an establishment word ("pizzeria", "taqueria"). */
  readonly cuisine?: string;
  /** Asks for something the lake does not hold (another platform, weather, bookings). */
  readonly outOfScope?: string;
}

const ENTITY_GROUPS: Record<string, DimensionId> = {
  '(?:city|cities|town|towns|market|markets|metro|metros|location|locations|area|areas|region|regions)': 'city',
  '(?:account|accounts|restaurant|restaurants|creator|creators|handle|handles|profile|profiles|place|places|spot|spots|shop|shops|business|businesses|brand|brands|venue|venues)':
    'creator',
  '(?:hashtag|hashtags|tag|tags)': 'hashtag',
  '(?:cuisine|cuisines|category|categories|food type|food types|type of food|kind of food)': 'cuisine',
  '(?:day of the week|day of week|weekday|weekdays|day|days)': 'weekday',
  '(?:month|months)': 'month',
  '(?:week|weeks)': 'week',
};

const groupEntries: LexiconEntry[] = Object.entries(ENTITY_GROUPS).flatMap(([words, dimension]) => [
  {
    pattern: `(?:per|by|for each|for every|each|every|in each|broken down by|breakdown by|break down by|split by|grouped by|group by|across the|across all the) ${words}`,
    groupBy: dimension,
  },
]);

export const LEXICON: readonly LexiconEntry[] = [
  // ---- measures ----
  { pattern: 'most liked|most loved|most hearted', measure: 'likes', cues: ['rank'] },
  { pattern: 'least liked', measure: 'likes', cues: ['rank', 'lowest'] },
  { pattern: 'most commented|most discussed|most talked about', measure: 'comments', cues: ['rank'] },
  { pattern: 'most engaging|most engaged', measure: 'engagement', cues: ['rank'] },
  {
    pattern: 'most followed|biggest following|largest following|most followers|biggest audience|largest audience',
    measure: 'followers',
    cues: ['rank'],
  },
  {
    pattern:
      'likes and comments|likes plus comments|likes comments|comments and likes|likes and replies|total interactions',
    measure: 'engagement',
  },
  { pattern: 'likes|liked|like count|like counts|hearts', measure: 'likes' },
  { pattern: 'comments|comment|commented|comment count|replies|conversation|conversations', measure: 'comments' },
  {
    pattern:
      'engagement|engagements|engaging|engaged|interactions|interaction|performing|performance|performed|performs|perform|resonated|resonate|traction',
    measure: 'engagement',
  },
  {
    pattern:
      'engagement rates?|eng rates?|rate of engagement|engagement per follower|engagement percentage|er|engagement ratio',
    measure: 'engagement_rate',
  },
  {
    pattern:
      'followers|follower|follower count|follower counts|following|followed|most followed|audience|audiences|fans|fanbase|fan base|subscribers',
    measure: 'followers',
  },
  {
    pattern:
      'how many posts|number of posts|post count|posts count|post volume|posting volume|how often|posting frequency|post frequency|how many times',
    measure: 'post_count',
    cues: ['count'],
  },
  {
    pattern:
      'most active|(?:posted|posting|posts|post|using|uses|used|use|tagging|tags|tagged) (?:it |this |that |them |this tag |that tag |this hashtag |that hashtag )?(?:the )?most|most posts|most frequently|most often',
    measure: 'post_count',
    cues: ['rank'],
  },
  {
    pattern: 'least active|fewest posts|posts the least|posted the least',
    measure: 'post_count',
    cues: ['rank', 'lowest'],
  },
  // ---- operations ----
  {
    pattern:
      'top|best|most|highest|biggest|largest|greatest|leading|strongest|number one|no 1|ranking|rankings|rank|ranked|leaderboard|standout|standouts|star|stars|popular|most popular|winner|winners|winning|record|max|maximum|peak|killer',
    cues: ['rank'],
  },
  {
    pattern:
      'worst|least|lowest|fewest|smallest|weakest|bottom|underperform\\w*|under perform\\w*|flops?|flopped|min|minimum|poorest',
    cues: ['rank', 'lowest'],
  },
  {
    pattern:
      'blew up|blow up|blown up|blowing up|went viral|gone viral|go viral|going viral|viral|popped off|exploded|killed it|crushed it|smashed it|hits|big hits|did best|did the best|did well|did great|performed best|performed the best|top performing|best performing|highest performing|stood out',
    cues: ['rank', 'viral'],
  },
  { pattern: 'average|averages|avg|mean|typical|typically|on average|normally|usually|per post', cues: ['average'] },
  {
    pattern: 'total|totals|sum|combined|altogether|all together|in total|cumulative|aggregate|overall total',
    cues: ['total'],
  },
  { pattern: 'how many|count|counts|how much|tally|total number of', cues: ['count'] },
  // "the highest number of likes" ranks; "number of posts per city" counts.
  { pattern: 'number of', cues: ['count-soft'] },
  { pattern: 'share|percent|percentage|proportion|fraction|what part|ratio|what portion|portion', cues: ['share'] },
  {
    pattern:
      'trend|trends|trending|trendy|taking off|take off|takes off|took off|surge|surges|surging|surged|rising|rose|on the rise|gained|gaining|grew|growing|growth|momentum|hot right now|hottest|what hot|whats hot|what is hot|hot(?= (?:hashtags?|tags?|topics?|trends?|right now|this week|this month|lately|at the moment))|heating up|picking up|picked up|buzz|buzzing|buzzy|emerging|breakout|breaking out|spike|spikes|spiking|spiked|up and coming|catching on|caught on|climbing|climbed|accelerating|jumped|increased|increasing|more popular|getting popular|new this|newly|new(?= (?:hashtags?|tags?|trends?))|newest|brand new|fastest|movers|biggest movers|risers|climbers|up the most|going up|went up|trending up|on the up',
    cues: ['trend'],
  },
  {
    pattern:
      'declining|declined|decline|dropping|dropped|drop|fading|faded|fade|falling|fell|cooling off|cooling|losing steam|lost steam|dying|died down|decreasing|decreased|shrinking|shrank|down the most|going down|went down|trending down',
    cues: ['trend', 'fading'],
  },
  {
    pattern:
      'compare|compared|comparing|comparison|vs|versus|against|stack up|stacks up|stacking up|measure up|measures up|beat|beats|beating|better than|worse than|outperform\\w*|out perform\\w*|ahead of|behind|head to head|relative to|side by side',
    cues: ['compare'],
  },
  {
    pattern:
      'competitors|competitor|competition|competing|competes|compete|rivals|rival|peers|peer|benchmark\\w*|similar restaurants|similar accounts|similar places|other places like|the others like it|who else|besides|other than|apart from',
    cues: ['peers'],
  },
  {
    pattern:
      'profile|profiles|bio|biography|tell me about|info on|info about|information on|information about|details on|details about|details for|overview of|summary of|snapshot of|look up|lookup|who is|who are|stats for|stats on|statistics for|know about',
    cues: ['profile'],
  },
  {
    pattern:
      'similar|similar to|resembl\\w*|looks like|look like|looking like|lookalikes?|look alike|like this|like these|like that|like those|posts like|post like|ones like|pics like|photos like|content like|reels like|shots like|something like|stuff like|same vibe|same style|in the style of|inspired by|more like',
    cues: ['similar'],
  },
  {
    pattern:
      'shots|shot|pics|pic|pictures|picture|photos|photo|images|image|visuals|aesthetic|aesthetics|vibe|vibes|showing|shows|depicting|featuring|plating|styling|imagery',
    cues: ['visual'],
  },
  {
    pattern:
      'what makes|why do|why does|why are|why did|tips|tip|advice|advise|suggest|suggestions|suggestion|recommend|recommendations|recommendation|what should|should i|should we|should my|should our|should|how do i|how do we|how can i|how can we|how could i|how could we|how to|ways to|help me|to get more|get more|getting more|what works|works best|work best|working best|works for|work for|works well|work well|what kind of|what kinds of|what type of|what types of|which kind of|which type of|what sort of|what style|secret|secrets|recipe for success|success factors|success factor|successful|succeed|key to|keys to|formula|best practices|best practice|strategy|strategies|ideas|idea|drives|driver|drivers|drive|what gets|perform better|do better|improve|boost|lift|grow|increase|raise',
    cues: ['drivers'],
  },
  {
    pattern:
      'when should|when to post|when do|best time|best times|what time|which time|best day|best days|which day|what day|which days|what days|posting schedule|schedule|timing|day of the week|days of the week|weekday|weekdays|weekend|weekends|time of day',
    cues: ['timing'],
  },
  {
    pattern:
      'across all cities|across cities|across every city|all cities|every city|in all cities|everywhere|anywhere|nationwide|across the board|across the lake|overall|all markets|all locations|in general|globally|across all|whole lake',
    cues: ['all-cities'],
  },
  {
    pattern:
      'all time|of all time|ever|since the beginning|in history|historically|to date|so far|lifetime|all data|whole dataset|all the data|all posts|entire history|all time high',
    cues: ['all-time'],
  },
  {
    pattern:
      'and|what about|how about|and in|and for|and what about|same for|same thing for|same but|same question|now|instead|also|only|just|then|ok|okay|what if|switch to|change to',
    cues: ['follow-up'],
  },
  { pattern: 'show|show me|list|give me|find|find me|display|pull up|get me|got any|any|see', cues: ['show'] },
  { pattern: 'latest|most recent|newest|recent posts|last posts|last post|posted recently', cues: ['recent'] },
  {
    pattern:
      'best performing day|best performing days|top performing day|best day of the week|best time|best times|worst day',
    cues: ['timing'],
  },
  { pattern: 'the one|single', cues: ['singular'] },
  { pattern: 'the post|which post|what post|a post|one post', cues: ['singular'], entity: 'posts' },
  {
    pattern: 'the account|which account|which restaurant|what account|what restaurant',
    cues: ['singular'],
    entity: 'accounts',
  },
  // ---- entities ----
  {
    pattern:
      'posts|post|content|contents|photos|photo|pics|pic|pictures|picture|images|image|reels|reel|videos|video|shots|shot|uploads|upload|grams|captions|caption|stories|story|carousels|carousel',
    entity: 'posts',
  },
  {
    pattern:
      'accounts|account|restaurants|restaurant|resturants|resturant|places|place|spots|spot|shops|shop|joints|joint|venues|venue|businesses|business|brands|brand|profiles|creators|creator|handles|handle|pages|page|eateries|eatery|kitchens|kitchen|diners|diner|chefs|chef|influencers|influencer|who|whose|owners|locations',
    entity: 'accounts',
  },
  { pattern: 'hashtags|hashtag|tags|tag|keywords', entity: 'hashtags' },
  {
    pattern: 'posting about|post about|talking about|topics|themes|subjects|what people post',
    entity: 'hashtags',
    cues: ['rank'],
  },
  { pattern: 'city|cities|town|towns|market|markets|metro|metros|where|region|regions', entity: 'cities' },
  { pattern: 'weekday|weekdays|day of the week|days of the week', entity: 'weekdays' },
  {
    pattern: 'cuisine|cuisines|category|categories|food type|food types|type of food|types of food',
    entity: 'cuisines',
  },
  { pattern: 'monthly|month by month|month over month|each month|per month', entity: 'months', groupBy: 'month' },
  { pattern: 'weekly|week by week|week over week|each week|per week', entity: 'weeks', groupBy: 'week' },
  { pattern: 'daily|day by day|each day|per day|by day', entity: 'weekdays', groupBy: 'date' },
  // Establishments that name a cuisine (the cuisine lexicon carries the words).
  {
    pattern: 'pizzeria|pizzerias|pizza place|pizza places|pizza joint|pizza shop',
    entity: 'accounts',
    cuisine: 'pizza',
  },
  { pattern: 'taqueria|taquerias|taco shop|taco spot|taco joint|taco place', entity: 'accounts', cuisine: 'tacos' },
  {
    pattern: 'bakery|bakeries|patisserie|dessert shop|dessert spot|sweet shop',
    entity: 'accounts',
    cuisine: 'dessert',
  },
  {
    pattern: 'cafe|cafes|coffee shop|coffee shops|coffeehouse|roaster|roasters|roastery',
    entity: 'accounts',
    cuisine: 'coffee',
  },
  {
    pattern: 'smokehouse|smokehouses|bbq joint|bbq joints|barbecue joint|bbq place|bbq spot',
    entity: 'accounts',
    cuisine: 'bbq',
  },
  {
    pattern: 'ramen shop|ramen shops|ramen bar|ramen place|noodle house|noodle shop|noodle bar',
    entity: 'accounts',
    cuisine: 'ramen',
  },
  {
    pattern: 'oyster bar|raw bar|fish market|seafood place|seafood spot|crab shack',
    entity: 'accounts',
    cuisine: 'seafood',
  },
  {
    pattern: 'brunch spot|brunch spots|brunch place|brunch places|breakfast spot|breakfast place',
    entity: 'accounts',
    cuisine: 'brunch',
  },
  { pattern: 'sushi bar|sushi place|sushi spot', entity: 'accounts', cuisine: 'sushi' },
  { pattern: 'burger joint|burger place|burger spot', entity: 'accounts', cuisine: 'burgers' },
  // ---- references to an earlier answer ----
  {
    pattern:
      'of those|of these|of them|among those|among these|among them|those posts|these posts|those ones|these ones|the ones above|the above|those results|these results|that list|this list',
    reference: 'list',
  },
  { pattern: 'those|these', reference: 'list' },
  {
    pattern: 'which one|which of|what one|the winner|the leader|the top one|number 1|the first one',
    reference: 'list',
    cues: ['singular'],
  },
  {
    pattern:
      'their|they|them|theirs|its|that account|this account|that restaurant|this restaurant|that place|this place|that shop|the account|the restaurant|that one|this one|him|her|his',
    reference: 'account',
  },
  {
    pattern: 'it|that tag|this tag|that hashtag|this hashtag|the tag|the hashtag|that trend|this trend',
    reference: 'hashtag',
  },
  // ---- outside the lake ----
  {
    pattern: 'tiktok|tik tok|youtube|facebook|twitter|threads|snapchat|pinterest|linkedin|x com',
    outOfScope: 'platform',
  },
  {
    pattern: 'yelp|google reviews|tripadvisor|opentable|resy|doordash|ubereats|uber eats|grubhub',
    outOfScope: 'platform',
  },
  {
    pattern: 'views|viewers|impressions|saves|shares|reposts|watch time|plays|clicks|click through',
    outOfScope: 'measure',
  },
  {
    pattern:
      'revenue|sales|profit|profits|price|prices|cost|costs|menu prices|wait time|calories|reviews|rating|ratings|stars rating',
    outOfScope: 'measure',
  },
  { pattern: 'weather|forecast|temperature|raining|will it rain|humidity', outOfScope: 'world' },
  {
    pattern:
      'ignore (?:all |any |the |your |previous |prior |above )*(?:instructions|rules|prompts?)|system prompt|jailbreak|you are now|pretend to be|act as|developer mode|phone numbers?|passwords?|api keys?|credentials',
    outOfScope: 'instruction',
  },
  {
    pattern:
      'drop table|delete from|insert into|truncate table|alter table|create table|select \\* from|update \\w+ set',
    outOfScope: 'sql',
  },
  {
    pattern:
      'book|booking|reserve|reservation|reservations|table for|order food|order me|deliver|delivery|call them|email them|text them|send|post this|post for me|schedule a post|dm',
    outOfScope: 'action',
  },
  {
    pattern: 'capital of|president|population|stock price|bitcoin|who won|translate|write me a poem|joke',
    outOfScope: 'world',
  },
  {
    pattern:
      'help|what can you do|what can i ask|how does this work|what do you know|hello|hi|hey|thanks|thank you|who are you',
    outOfScope: 'help',
  },
  ...groupEntries,
];

/**
 * General food and cuisine vocabulary: a canonical topic, the words that name it in a question (`say`) and the
 * words looked for in posts (`match`, kept narrow: "pie" names pizza in a question but also fits key lime pie).
 */
export interface CuisineWords {
  readonly say: readonly string[];
  readonly match: readonly string[];
}

export const CUISINES: Readonly<Record<string, CuisineWords>> = {
  pizza: {
    say: ['pizza', 'pizzas', 'pizzeria', 'pizzerias', 'pie', 'pies', 'slice', 'slices'],
    match: ['pizza', 'pizzeria'],
  },
  tacos: { say: ['tacos', 'taco', 'taqueria', 'taquerias', 'mexican'], match: ['taco', 'taqueria'] },
  ramen: { say: ['ramen', 'noodle', 'noodles'], match: ['ramen'] },
  brunch: { say: ['brunch', 'brunches', 'breakfast'], match: ['brunch'] },
  dessert: {
    say: ['dessert', 'desserts', 'sweets', 'sweet', 'pastry', 'pastries', 'bakery', 'bakeries', 'cake', 'cakes'],
    match: ['dessert'],
  },
  bbq: {
    say: ['bbq', 'barbecue', 'barbeque', 'barbecues', 'smokehouse', 'smoked meat', 'smoked meats', 'pitmaster'],
    match: ['bbq', 'barbecue', 'barbeque'],
  },
  seafood: {
    say: ['seafood', 'fish', 'oyster', 'oysters', 'shellfish', 'raw bar', 'oyster bar'],
    match: ['seafood'],
  },
  coffee: {
    say: ['coffee', 'coffees', 'cafe', 'cafes', 'espresso', 'coffeeshop', 'roaster', 'roasters'],
    match: ['coffee'],
  },
  sushi: { say: ['sushi', 'sashimi', 'omakase', 'nigiri'], match: ['sushi', 'omakase'] },
  burgers: { say: ['burger', 'burgers', 'cheeseburger', 'cheeseburgers', 'smashburger'], match: ['burger'] },
  pasta: { say: ['pasta', 'spaghetti', 'italian'], match: ['pasta'] },
  chicken: {
    say: ['fried chicken', 'hot chicken', 'wings', 'chicken wings'],
    match: ['fried chicken', 'hot chicken', 'wings'],
  },
  vegan: { say: ['vegan', 'plant based', 'vegetarian'], match: ['vegan', 'plant based', 'vegetarian'] },
  cocktails: { say: ['cocktail', 'cocktails', 'mixology'], match: ['cocktail'] },
  steak: { say: ['steak', 'steaks', 'steakhouse'], match: ['steak', 'steakhouse'] },
  dumplings: { say: ['dumpling', 'dumplings', 'dim sum', 'bao'], match: ['dumpling', 'dim sum', 'bao'] },
  bagels: { say: ['bagel', 'bagels'], match: ['bagel'] },
  donuts: { say: ['donut', 'donuts', 'doughnut', 'doughnuts'], match: ['donut', 'doughnut'] },
  'ice cream': { say: ['ice cream', 'gelato', 'soft serve', 'froyo'], match: ['ice cream', 'gelato', 'soft serve'] },
  tea: { say: ['tea', 'boba', 'bubble tea'], match: ['tea', 'boba'] },
};

/**
 * Words that carry no slot of their own in a question (articles, pronouns, auxiliaries, fillers). Words the
 * lexicon or the lake claim are handled before this list is consulted.
 */
export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    'a an the of for to in on at by from with without about into over under than then and or but nor so yet ' +
    'what which who whom whose how why when where is are was were be been being am do does did done doing have has had ' +
    'having i me my mine we us our ours you your yours he she him her his they them their theirs it its this that these ' +
    'those there here can could would should will shall may might must please pls plz let lets tell show give list find ' +
    'get got gets getting any some all each every much many more most very really just only also even ever ' +
    'whats thats hows im ive id youre theyre dont doesnt didnt isnt arent wasnt werent cant wont ' +
    'like see look looking know want wanted need needs thing things stuff kind sort type one ones lot lots ' +
    'right now currently recently lately today yesterday tonight tomorrow data lake instagram ig insta insights ' +
    'across among between during within per via vs' +
    ' hey hi hello thanks thank okay ok yes no not anything something everything anyone someone somebody anybody'
  ).split(/\s+/),
);
