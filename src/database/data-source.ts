import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

/**
 * For the TypeORM CLI (`npm run migration:generate`): generate against a real server named by
 * DATABASE_URL. The running service builds its own DataSource from the validated config.
 */
const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is required to generate migrations');
export default new DataSource(dataSourceOptions(url, 2));
