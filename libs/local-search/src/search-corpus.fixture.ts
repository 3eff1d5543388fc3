import type { PostRecord } from '@instalake/knowledge';

type Post = Omit<PostRecord, 'fingerprint'>;
const post = (p: Partial<Post> & Pick<Post, 'post_id' | 'creator'>): Post => ({
  search_term: null,
  posted_date: '2025-06-01',
  likes: 100,
  comments: 5,
  hashtags: null,
  caption: null,
  image_description: null,
  post_url: `https://www.instagram.com/p/${p.post_id}/`,
  city: null,
  ...p,
});

/**
 * A small corpus whose right answers are written down in the spec:
 * - "rustic pasta plating": pasta1 (image says exactly that), then pasta2 (pasta, rustic board), never ramen/pizza first.
 * - "viral dessert content": dessert1 (viral + dessert everywhere) then dessert2; brunch1 mentions dessert once, lower.
 * - "brunch": brunch1, brunch2, brunch3 only (in some order), none of the others.
 */
export const SEARCH_CORPUS: Post[] = [
  post({
    post_id: 'pasta1',
    creator: '@trattoria_roma',
    city: 'New York',
    likes: 900,
    search_term: 'pasta nyc',
    hashtags: '#pasta #freshpasta #italianfood',
    caption: 'Cacio e pepe, the way nonna made it 🍝',
    image_description: 'rustic pasta plating on a rough ceramic plate with torn basil',
  }),
  post({
    post_id: 'pasta2',
    creator: '@pasta_bar',
    city: 'Chicago',
    likes: 40,
    search_term: 'pasta chicago',
    hashtags: '#pasta #handmade',
    caption: 'Hand-rolled tagliatelle nests, rustic and simple',
    image_description: 'tagliatelle nests dusted with flour on a wooden board',
  }),
  post({
    post_id: 'ramen1',
    creator: '@ramen_ya',
    city: 'New York',
    search_term: 'ramen nyc',
    hashtags: '#ramen #noodles',
    caption: 'Tonkotsu ramen with a jammy egg',
    image_description: 'a steaming bowl of ramen, chashu fanned over the noodles on a plate',
  }),
  post({
    post_id: 'pizza1',
    creator: '@slice_shop',
    city: 'New York',
    search_term: 'pizza nyc',
    hashtags: '#pizza #slice',
    caption: 'Margherita straight from the wood-fired oven',
    image_description: 'a blistered Neapolitan pizza on a wooden peel',
  }),
  post({
    post_id: 'dessert1',
    creator: '@sweets_bar',
    city: 'Miami',
    likes: 5000,
    search_term: 'dessert miami',
    hashtags: '#dessert #viral #sweettooth',
    caption: 'This viral dessert broke the internet: molten chocolate lava cake',
    image_description: 'a viral dessert: molten chocolate lava cake oozing onto the plate',
  }),
  post({
    post_id: 'dessert2',
    creator: '@patisserie_lune',
    city: 'Austin',
    likes: 300,
    search_term: 'desserts austin',
    hashtags: '#desserts #pastry',
    caption: 'Basque cheesecake, caramelised and creamy',
    image_description: 'a caramelised basque cheesecake sliced open',
  }),
  post({
    post_id: 'brunch1',
    creator: '@morning_table',
    city: 'Los Angeles',
    likes: 700,
    search_term: 'brunch la',
    hashtags: '#brunch #weekendvibes #mimosa',
    caption: 'Weekend brunch: ricotta pancakes, and a dessert board for the table',
    image_description: 'a sunny brunch table with pancakes, mimosas and fresh berries',
  }),
  post({
    post_id: 'brunch2',
    creator: '@cafe_sol',
    city: 'Miami',
    likes: null,
    search_term: 'brunch miami',
    hashtags: '#eggsbenedict',
    caption: 'Eggs benedict Sunday brunch',
    image_description: 'eggs benedict with hollandaise dripping down the side',
  }),
  post({
    post_id: 'brunch3',
    creator: '@brunch_club',
    city: 'New York',
    likes: 50,
    search_term: 'brunch nyc',
    hashtags: '#brunchclub',
    caption: 'Avocado toast and shakshuka, all day',
    image_description: 'a shakshuka pan on a brunch spread',
  }),
  post({
    post_id: 'tacos1',
    creator: '@taqueria',
    city: 'Austin',
    search_term: 'tacos austin',
    hashtags: '#tacos',
    caption: 'Al pastor tacos with pineapple',
    image_description: 'three al pastor tacos with pineapple and cilantro',
  }),
];
