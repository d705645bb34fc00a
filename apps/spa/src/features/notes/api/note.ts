/** A note as the sample API returns it. */
export interface Note {
  id: string;
  text: string;
  createdAt: string;
}
