import type { Knex } from 'knex';

export interface TaskComment {
  id: number;
  taskId: string;
  author: string;
  authorName: string;
  text: string;
  createdAt: Date;
}

export async function addComment(db: Knex, taskId: string, author: string, text: string, at: Date): Promise<void> {
  await db('task_comments').insert({ task_id: taskId, author, text, created_at: at });
}

/** A task's comments, oldest first, with the authors' display names. */
export async function listComments(db: Knex, taskId: string): Promise<TaskComment[]> {
  const rows = await db('task_comments')
    .leftJoin('users', 'users.username', 'task_comments.author')
    .where('task_comments.task_id', taskId)
    .select('task_comments.*', 'users.display_name')
    .orderBy('task_comments.id');
  return rows.map((row: any) => ({
    id: row.id,
    taskId: row.task_id,
    author: row.author,
    authorName: row.display_name ?? row.author,
    text: row.text,
    createdAt: row.created_at instanceof Date ? row.created_at : new Date(row.created_at),
  }));
}
