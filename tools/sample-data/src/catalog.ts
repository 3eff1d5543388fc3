/** The world the generator draws from: cities, cuisines, content themes. */
export interface City {
  readonly name: string;
  readonly searchName: string;
  readonly tag: string;
  readonly areaCode: string;
  /** A hashtag that is rising in this city over the last week (for trend demos). */
  readonly risingTag: string;
}

export const CITIES: readonly City[] = [
  { name: 'New York', searchName: 'nyc', tag: 'nyc', areaCode: '212', risingTag: 'cacioepepe' },
  { name: 'San Francisco', searchName: 'san francisco', tag: 'sf', areaCode: '415', risingTag: 'croffle' },
  { name: 'Chicago', searchName: 'chicago', tag: 'chicago', areaCode: '312', risingTag: 'deepdish' },
  { name: 'Austin', searchName: 'austin', tag: 'austin', areaCode: '512', risingTag: 'breakfasttaco' },
  { name: 'Los Angeles', searchName: 'los angeles', tag: 'la', areaCode: '213', risingTag: 'birria' },
  { name: 'Miami', searchName: 'miami', tag: 'miami', areaCode: '305', risingTag: 'cafecito' },
];

export interface Theme {
  readonly cuisine: string;
  readonly tags: readonly string[];
  readonly dishes: readonly string[];
  readonly images: readonly string[];
  readonly names: readonly string[];
}

export const THEMES: readonly Theme[] = [
  {
    cuisine: 'pizza',
    tags: ['pizza', 'pizzalover', 'slice', 'neapolitan', 'foodie'],
    dishes: ['margherita', 'pepperoni slice', 'white pie', 'vodka slice', 'sicilian square'],
    images: [
      'a blistered Neapolitan pizza on a wooden peel',
      'a cheesy slice pulled apart with long strings of mozzarella',
      'a wood-fired oven glowing behind a pepperoni pie',
    ],
    names: ['Pizza', 'Slice Shop', 'Pizzeria'],
  },
  {
    cuisine: 'pasta',
    tags: ['pasta', 'freshpasta', 'italianfood', 'handmade', 'foodie'],
    dishes: [
      'cacio e pepe',
      'rigatoni alla vodka',
      'tagliatelle bolognese',
      'spaghetti carbonara',
      'pappardelle with ragu',
    ],
    images: [
      'rustic pasta plating on a rough ceramic plate with torn basil',
      'hand-rolled tagliatelle nests dusted with flour on a wooden board',
      'a copper pan of carbonara tossed with pecorino',
    ],
    names: ['Trattoria', 'Pasta Bar', 'Kitchen'],
  },
  {
    cuisine: 'ramen',
    tags: ['ramen', 'noodles', 'tonkotsu', 'japanesefood', 'foodie'],
    dishes: ['tonkotsu ramen', 'spicy miso ramen', 'shoyu ramen', 'tsukemen'],
    images: [
      'a steaming bowl of tonkotsu ramen with a jammy egg',
      'noodles lifted with chopsticks above a rich broth',
      'chashu pork slices fanned over ramen',
    ],
    names: ['Ramen', 'Noodle House', 'Ramen-ya'],
  },
  {
    cuisine: 'brunch',
    tags: ['brunch', 'weekendvibes', 'avocadotoast', 'mimosa', 'eggsbenedict'],
    dishes: ['eggs benedict', 'avocado toast', 'ricotta pancakes', 'shakshuka', 'french toast'],
    images: [
      'a sunny brunch table with pancakes, mimosas and fresh berries',
      'eggs benedict with hollandaise dripping down the side',
      'a stack of fluffy ricotta pancakes with maple syrup',
    ],
    names: ['Brunch Club', 'Cafe', 'Morning Table'],
  },
  {
    cuisine: 'desserts',
    tags: ['dessert', 'sweettooth', 'pastry', 'viral', 'chocolate'],
    dishes: ['molten chocolate cake', 'cronut', 'tiramisu', 'matcha soft serve', 'basque cheesecake'],
    images: [
      'a viral dessert: molten chocolate lava cake oozing onto the plate',
      'a towering soft serve cone with rainbow sprinkles',
      'a caramelised basque cheesecake sliced open',
    ],
    names: ['Sweets', 'Patisserie', 'Dessert Bar'],
  },
  {
    cuisine: 'tacos',
    tags: ['tacos', 'tacotuesday', 'mexicanfood', 'salsa', 'foodie'],
    dishes: ['al pastor tacos', 'birria tacos', 'fish tacos', 'carnitas'],
    images: [
      'three al pastor tacos with pineapple and cilantro',
      'birria tacos dipped in consome',
      'a taco spread on a colourful tiled table',
    ],
    names: ['Taqueria', 'Tacos', 'Cantina'],
  },
];

export const CAPTION_OPENERS = [
  'You have to try our',
  'Weekend special:',
  'Fresh out of the kitchen —',
  'Nothing beats',
  'Chef just dropped a new',
  'Tag someone who needs this',
];

export const CAPTION_CLOSERS = [
  'Link in bio to book a table!',
  'Open until midnight 🌙',
  'Who is coming this weekend? 👇',
  'Made fresh every morning.',
  '',
  'Thank you for 10K followers ❤️',
];
